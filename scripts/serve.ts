// The production HTTP server: node:http running our request listener (body
// limits, the page cache's fast path, request logs) in front of Astro's handler.
// Usage: node scripts/serve.ts (after a build).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import type { Config } from '../src/lib/config.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** What src/server/entry.ts exports, once built. */
interface ServerEntry {
  handler: NodeHandler;
  createRequestListener: (handler: NodeHandler) => NodeHandler;
  getLogger: () => Logger;
  leaveShutdownToServer: () => void;
  shutdownApp: () => Promise<void>;
  getConfig: () => Config;
  describeConfig: (config: Config) => Record<string, unknown>;
}

export async function serve(options: { host: string; port: number }) {
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const entry = (await import(pathToFileURL(resolve('dist/server/entry.mjs')).href)) as ServerEntry;
  entry.leaveShutdownToServer();
  const listener = entry.createRequestListener(entry.handler);
  let stopping = false;
  /** Answers not yet begun: when stopping starts, they too are told to end their connection. */
  const unanswered = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    // While stopping, each answer ends its connection, so the connections drain.
    if (stopping) res.setHeader('connection', 'close');
    else {
      unanswered.add(res);
      res.once('close', () => unanswered.delete(res));
    }
    listener(req, res);
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolveListen());
  });
  const logger = entry.getLogger();
  logger.info({ settings: entry.describeConfig(entry.getConfig()) }, 'settings in force');
  logger.info(`listening on http://${options.host}:${options.port}/`);
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const res of unanswered) if (!res.headersSent) res.setHeader('connection', 'close');
    unanswered.clear();
    logger.info({ signal }, 'stopping: no new connections; finishing the requests under way');
    void drain(server, DRAIN_MS)
      .then((unfinished) => {
        if (unfinished > 0) logger.warn({ unfinished }, `connections still open after ${DRAIN_MS / 1000} s: closed`);
        return entry.shutdownApp();
      })
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return server;
}

/** How long a stopping server lets requests under way finish (within the 10 s a container runtime allows by default). */
const DRAIN_MS = 8_000;

/**
 * Stops accepting connections and waits until the open ones have ended: idle
 * keep-alive connections are closed at once (and again as answers finish),
 * busy ones once their answer is sent. Resolves with how many were still open
 * at the deadline (then closed), so the database is closed only after every
 * request that could use it.
 */
function drain(server: Server, deadlineMs: number): Promise<number> {
  return new Promise((resolveDrained) => {
    let open = 0;
    const closed = () => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolveDrained(open);
    };
    server.close(closed);
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), 25);
    const deadline = setTimeout(() => {
      server.getConnections((_, count) => {
        open = count;
        server.closeAllConnections();
      });
    }, deadlineMs);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { configOrExit } = await import('./cli.ts');
  const config = configOrExit();
  await serve({ host: config.host, port: config.port });
}
