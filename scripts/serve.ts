// The production HTTP server: node:http running our request listener (body
// limits, the page cache's fast path, request logs) in front of Astro's handler.
// Usage: node scripts/serve.ts (after a build).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
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
  getConfig: () => Config;
  describeConfig: (config: Config) => Record<string, unknown>;
}

export async function serve(options: { host: string; port: number }) {
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const entry = (await import(pathToFileURL(resolve('dist/server/entry.mjs')).href)) as ServerEntry;
  const server = createServer(entry.createRequestListener(entry.handler));
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolveListen());
  });
  const logger = entry.getLogger();
  logger.info({ settings: entry.describeConfig(entry.getConfig()) }, 'settings in force');
  logger.info(`listening on http://${options.host}:${options.port}/`);
  const close = () => server.close();
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
  return server;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { configOrExit } = await import('./cli.ts');
  const config = configOrExit();
  await serve({ host: config.host, port: config.port });
}
