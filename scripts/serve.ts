// The production HTTP server: Astro's handler (pages, actions, static files)
// behind a fast path that answers anonymous readers from the page cache
// without entering Astro's pipeline. Usage: node scripts/serve.ts (after a build).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bodyLimitFor } from '../src/server/http/limits.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
type FastPath = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * Refuses a request before its body is read: answers at once, then discards
 * (never buffers) what the client is still sending, so it can read the answer —
 * closing at once would reset the connection under it. A client that keeps
 * sending is cut off.
 */
function refuseUnread(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${message}\n`);
  const cutOff = setTimeout(() => req.socket.destroy(), 5000);
  req.once('end', () => clearTimeout(cutOff));
  req.resume();
}

export async function serve(options: { host: string; port: number }) {
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const entry = pathToFileURL(resolve('dist/server/entry.mjs')).href;
  // Both come from src/server/entry.ts, built into one module graph with the pages.
  const { handler, serveFromCache } = (await import(entry)) as { handler: Handler; serveFromCache: FastPath };

  const server = createServer((req, res) => {
    const limit = bodyLimitFor((req.url ?? '/').split('?', 1)[0]!);
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      return refuseUnread(req, res, 413, `Request too large: the limit is ${limit / 1024} KB.`);
    }
    // Browsers send every form with a length; a body without one could only be measured by reading it.
    if (req.headers['transfer-encoding'] && req.headers['content-length'] === undefined) {
      return refuseUnread(req, res, 411, 'A Content-Length is required.');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return handler(req, res);
    serveFromCache(req, res).then(
      (served) => {
        if (!served) handler(req, res);
      },
      () => handler(req, res),
    );
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolveListen());
  });
  const close = () => server.close();
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
  return server;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { configOrExit } = await import('./cli.ts');
  const config = configOrExit();
  await serve({ host: config.host, port: config.port });
  console.log(`Wishcast is listening on http://${config.host}:${config.port}/`);
}
