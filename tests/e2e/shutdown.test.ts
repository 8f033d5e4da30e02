// Stopping the server (SIGTERM, as systemd or a container runtime does on a
// restart): requests under way finish with their real answer, new connections
// are refused, and only then is the database closed and the process ended.
import { request as httpRequest, type ClientRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { dbTargets } from '../helpers/db.ts';
import { createTestSite, postForm, startServer, type RunningServer, type TestSite } from '../helpers/server.ts';

/** A form post whose body arrives in two parts: the request is under way until `finish()` sends the rest. */
function slowPost(url: string, fields: Record<string, string>) {
  const body = new URLSearchParams(fields).toString();
  const cut = Math.floor(body.length / 2);
  let req!: ClientRequest;
  const answer = new Promise<{ status: number; location: string | null; text: string }>((resolve, reject) => {
    req = httpRequest(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(Buffer.byteLength(body)),
          origin: new URL(url).origin,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null, text }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, cut));
  });
  return { answer, finish: () => req.end(body.slice(cut)) };
}

const exitOf = (server: RunningServer) =>
  new Promise<number | null>((resolve) => {
    if (server.process.exitCode !== null) resolve(server.process.exitCode);
    else server.process.once('exit', (code) => resolve(code));
  });

describe.each(dbTargets)('stopping the server on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  afterEach(async () => {
    await server?.stop();
    await site?.cleanup();
  });

  it('finishes the requests under way before closing the database, and refuses new ones', async () => {
    site = await createTestSite(target);
    server = await startServer(site);
    expect((await fetch(server.url + '/')).status).toBe(200);

    const posts = ['one', 'two', 'three'].map((name) =>
      slowPost(`${server.url}/signup?_action=auth.signUp`, {
        name: `Leaving ${name}`,
        email: `leaving-${name}@example.test`,
        password: 'a long enough passphrase',
      }),
    );
    // Let the server take the requests in (their headers are in, their bodies not yet).
    await new Promise((r) => setTimeout(r, 300));
    const exited = exitOf(server);
    server.process.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));

    // Still running for the requests under way, but taking no new connections.
    expect(server.process.exitCode).toBeNull();
    await expect(fetch(server.url + '/')).rejects.toThrow();

    for (const post of posts) post.finish();
    const answers = await Promise.all(posts.map((p) => p.answer));
    for (const answer of answers) {
      expect(answer.status, answer.text.slice(0, 500)).toBe(303);
    }
    expect(await exited).toBe(0);
    expect(server.output()).not.toMatch(/driver has already been destroyed|Connection terminated|\[ERROR\]|"level":50/);

    // What they did was saved: each can log in once the site runs again.
    server = await startServer(site);
    for (const name of ['one', 'two', 'three']) {
      const login = await postForm(server.url, '/login?_action=auth.logIn', {
        email: `leaving-${name}@example.test`,
        password: 'a long enough passphrase',
      });
      expect(login.status).toBe(303);
    }
  });
});
