// Reading the server's request log (one JSON line per request, LOG_LEVEL=info)
// from a test: which request rendered, which was answered from the cache.
import type { RunningServer } from './server.ts';

export interface LogLine {
  msg?: string;
  reqId?: string;
  method?: string;
  path?: string;
  route?: string | null;
  status?: number;
  ms?: number;
  cache?: string;
  settings?: Record<string, unknown>;
}

export function logLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/** The request lines (those with a status) of these request ids, once all are written. */
export async function requestLines(server: RunningServer, reqIds: string[]): Promise<LogLine[]> {
  for (let i = 0; i < 50; i++) {
    const lines = logLines(server.output()).filter((l) => reqIds.includes(l.reqId ?? '') && l.status !== undefined);
    if (lines.length >= reqIds.length) return lines;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no log lines for ${reqIds.join(', ')}:\n${server.output().slice(-2000)}`);
}

/** The request line of one request id, once written. */
export async function lineFor(server: RunningServer, reqId: string): Promise<LogLine> {
  return (await requestLines(server, [reqId]))[0]!;
}
