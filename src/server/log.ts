// The server's one logger (pino): JSON lines when the output is not a terminal,
// readable lines on one. Each request runs inside a context carrying its id, so
// every line logged while answering it (errors included) can name it.
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { getConfig } from '../lib/config.ts';

export interface RequestContext {
  id: string;
  /** The route pattern Astro matched, when Astro answered. */
  route: string | null;
  /** hit: answered from the page cache; miss: rendered and stored; pass: not cacheable. */
  cache: 'hit' | 'miss' | 'pass';
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

let logger: Logger | null = null;

export function getLogger(): Logger {
  if (logger) return logger;
  const level = getConfig().logLevel;
  logger = process.stdout.isTTY
    ? pino({ level }, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }))
    : // Asynchronous writes: a busy server does not wait on its log.
      pino({ level }, pino.destination({ dest: 1, sync: false }));
  return logger;
}

/** The logger for what happens now: inside a request, its lines carry the request id. */
export function currentLogger(): Logger {
  const context = requestContext.getStore();
  return context ? getLogger().child({ reqId: context.id }) : getLogger();
}

/** Notes on the current request's context (its route, how the cache answered), if there is one. */
export function noteRequest(note: Partial<Omit<RequestContext, 'id'>>): void {
  const context = requestContext.getStore();
  if (context) Object.assign(context, note);
}
