// Defects 1 and 2 of issue 11 against the built server: the public page cache
// never takes a personal page, whatever the shape of the Cookie header, and
// never an empty one (HEAD).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/raw-http.ts';
import { dbTargets } from '../helpers/site.ts';
import { HELD_NOTICE, HELD_TEXT, startTrustSite, type TrustSite } from '../helpers/trust-site.ts';

/** Cookie header lines that carry `name=value` in the shapes clients and attackers send. */
function cookieShapes(name: string, value: string): [string, [string, string][]][] {
  const one = (header: string): [string, string][] => [['cookie', header]];
  const encoded = [...value].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
  return [
    ['plain', one(`${name}=${value}`)],
    ['space before =', one(`${name} =${value}`)],
    ['spaces around =', one(` ${name} = ${value} `)],
    ['tab before =', one(`${name}\t=${value}`)],
    ['uppercase name', one(`${name.toUpperCase()}=${value}`)],
    ['duplicated', one(`${name}=${value}; ${name}=${value}`)],
    ['duplicated, junk first', one(`${name}=junk; ${name}=${value}`)],
    ['duplicated, junk last', one(`${name}=${value}; ${name}=junk`)],
    ['quoted value', one(`${name}="${value}"`)],
    ['percent-encoded value', one(`${name}=${encoded}`)],
    ['percent-encoded name', one(`${name.replace('_', '%5F')}=${value}`)],
    ['among others', one(`theme=dark; ${name}=${value}; lang=en`)],
    ['no space after ;', one(`a=1;${name}=${value};b=2`)],
    ['leading and trailing ;', one(`;${name}=${value};`)],
    [
      'second Cookie line',
      [
        ['cookie', 'theme=dark'],
        ['cookie', `${name}=${value}`],
      ],
    ],
    [
      'second Cookie line, ours first',
      [
        ['cookie', `${name}=${value}`],
        ['cookie', 'theme=dark'],
      ],
    ],
    ['comma-joined after', one(`theme=dark, ${name}=${value}`)],
    ['comma-joined before', one(`${name}=${value}, theme=dark`)],
    ['empty pairs around', one(`=; ${name}=${value}; =x`)],
  ];
}

describe.each(dbTargets)('the public page cache on %s', (target) => {
  let t: TrustSite;
  beforeAll(async () => {
    t = await startTrustSite(target);
  });
  afterAll(() => t?.stop());

  it('never primes the public cache with a held comment, whatever the shape of the visitor cookie', async () => {
    const page = `/posts/${t.posts.held}`;
    // The cookie really is personal: its owner sees the held comment.
    expect(await (await fetch(t.server.url + page, { headers: { cookie: t.cookies.visitor } })).text()).toContain(
      HELD_TEXT,
    );
    const [name, value] = t.cookies.visitor.split('=') as [string, string];
    for (const [shape, lines] of cookieShapes(name, value)) {
      await t.invalidateCache();
      const personal = await rawRequest(t.server.url + page, 'GET', lines);
      expect(personal.status, shape).toBe(200);
      for (let i = 0; i < 2; i++) {
        const seen = await t.anonymousText(page);
        expect(seen, `after "${shape}"`).not.toContain(HELD_TEXT);
        expect(seen, `after "${shape}"`).not.toContain(HELD_NOTICE);
      }
    }
  });

  it('never primes the public cache with a signed-in page, whatever the shape of the session cookie', async () => {
    const page = `/posts/${t.posts.held}`;
    expect(await (await fetch(t.server.url + page, { headers: { cookie: t.cookies.ann } })).text()).toContain(
      'Log out',
    );
    const [name, value] = t.cookies.ann.split('=') as [string, string];
    for (const [shape, lines] of cookieShapes(name, value)) {
      await t.invalidateCache();
      expect((await rawRequest(t.server.url + page, 'GET', lines)).status, shape).toBe(200);
      for (let i = 0; i < 2; i++) {
        const seen = await t.anonymousText(page);
        expect(seen, `after "${shape}"`).not.toContain('Log out');
        expect(seen, `after "${shape}"`).not.toContain('Ann Reader');
      }
    }
  });

  it('answers GET with the full body and a true Content-Length after a HEAD, on feeds, sitemap and pages', async () => {
    const paths = ['/rss.xml', '/sitemap.xml', `/posts/${t.posts.other}/comments.xml`, '/', `/posts/${t.posts.other}`];
    for (const path of paths) {
      await t.invalidateCache();
      const head = await fetch(t.server.url + path, { method: 'HEAD' });
      expect(head.status, path).toBe(200);
      const bodies: Buffer[] = [];
      // The first GET renders (or meets what HEAD would have stored); the second comes from the cache.
      for (let i = 0; i < 2; i++) {
        const res = await rawRequest(t.server.url + path, 'GET', []);
        expect(res.status, path).toBe(200);
        expect(res.body.byteLength, path).toBeGreaterThan(200);
        // Framed either by a true length or by chunks: never a length that disagrees with the body.
        const length = res.headers['content-length'];
        if (length !== undefined) expect(Number(length), path).toBe(res.body.byteLength);
        else expect(res.headers['transfer-encoding'], path).toBe('chunked');
        bodies.push(res.body);
      }
      expect(bodies[1]!.toString(), path).toContain(path.endsWith('.xml') ? '<?xml' : '<html');
    }
  });
});
