// A form post held open half-way, to see what a stopping server does with requests under way.
import { request as httpRequest, type ClientRequest } from 'node:http';

/**
 * A form post whose body arrives in two parts: the request is under way until
 * `finish()` sends the rest. `taken` resolves once the server has read its
 * headers (it answered "100 Continue"), so the request is surely in its hands.
 */
export function slowPost(url: string, fields: Record<string, string>) {
  const body = new URLSearchParams(fields).toString();
  const cut = Math.floor(body.length / 2);
  let req!: ClientRequest;
  let taken!: () => void;
  const accepted = new Promise<void>((resolve) => (taken = resolve));
  const answer = new Promise<{ status: number; location: string | null; connection: string | null; text: string }>(
    (resolve, reject) => {
      req = httpRequest(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': String(Buffer.byteLength(body)),
            origin: new URL(url).origin,
            expect: '100-continue',
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              location: res.headers.location ?? null,
              connection: res.headers.connection ?? null,
              text,
            }),
          );
        },
      );
      req.on('error', reject);
      req.once('continue', () => {
        req.write(body.slice(0, cut));
        taken();
      });
      req.flushHeaders();
    },
  );
  // Awaited later; a failure before then must not count as unhandled.
  answer.catch(() => undefined);
  return { answer, taken: accepted, finish: () => req.end(body.slice(cut)) };
}
