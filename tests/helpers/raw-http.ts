// Requests with header lines exactly as written (odd spacing, repeated
// headers), which fetch() would normalise or join.
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Sends `method url` with these header lines, in order, repeats kept. */
export function rawRequest(url: string, method: string, headerLines: [string, string][]): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // node:http takes a flat [name, value, name, value…] list as raw header lines,
    // and then adds no Host of its own.
    const lines = [['host', new URL(url).host], ...headerLines].flat();
    const req = request(url, { method, headers: lines }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
