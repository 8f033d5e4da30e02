// Issue 11 against the built server: the public page cache never takes a
// personal page (any Cookie header shape) nor an empty one (HEAD); `next`
// never leads off the site; the login limit holds under parallel requests;
// feeds carry no live HTML; two accounts at one address both get published.
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makePost, TEST_PASSWORD, uniqueEmail } from '../helpers/fixtures.ts';
import { dangerousIn, liveHtmlIn } from '../helpers/live-html.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { createTestSite, startServer } from '../helpers/server.ts';
import {
  cookieFrom,
  dbTargets,
  postForm,
  startSampleSite,
  stopSampleSite,
  type RunningServer,
  type TestSite,
} from '../helpers/site.ts';

const HELD_TEXT = 'Held text only its writer may see';
const HELD_NOTICE = 'Your comment is awaiting moderation';

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

describe.each(dbTargets)('trust on the real server on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  const posts = { held: '', other: '', pair: '', feed: '' };
  const ids = { held: 0, other: 0, pair: 0, feed: 0 };
  const emails = { author: uniqueEmail('author'), ann: uniqueEmail('ann'), ben: uniqueEmail('ben'), lock: '' };
  const cookies = { author: '', ann: '', ben: '', visitor: '' };

  const logIn = (email: string, password = TEST_PASSWORD) =>
    postForm(server.url, '/login?_action=auth.logIn', { email, password });
  /** Publishes an author comment elsewhere: a change every reader sees, so every cached page is dropped. */
  async function invalidateCache() {
    const res = await postForm(
      server.url,
      `/posts/${posts.other}?_action=comments.create`,
      { post_id: String(ids.other), body: 'The author says hello' },
      { cookie: cookies.author },
    );
    expect(res.status).toBe(303);
  }
  async function anonymousText(path: string) {
    const res = await fetch(server.url + path);
    return res.text();
  }

  beforeAll(async () => {
    ({ site, server } = await startSampleSite(target, {
      seed: async (db) => {
        const author = await makeAccount(db, { name: 'Alma Author', email: emails.author, role: 'author' });
        await makeAccount(db, { name: 'Ann Reader', email: emails.ann });
        await makeAccount(db, { name: 'Ben Reader', email: emails.ben });
        emails.lock = (await makeAccount(db, { name: 'Locked Out' })).email;
        const at = new Date(Date.now() - 3_600_000);
        for (const key of ['held', 'other', 'pair', 'feed'] as const) {
          const post = await makePost(db, { title: `The ${key} post`, authorId: author.id, publishedAt: at });
          posts[key] = post.slug;
          ids[key] = post.id;
        }
      },
    }));
    cookies.author = cookieFrom(await logIn(emails.author));
    cookies.ann = cookieFrom(await logIn(emails.ann));
    cookies.ben = cookieFrom(await logIn(emails.ben));
    const held = await postForm(server.url, `/posts/${posts.held}?_action=comments.create`, {
      post_id: String(ids.held),
      body: HELD_TEXT,
      name: 'Vera Visitor',
      email: 'vera@example.org',
    });
    expect(held.status).toBe(303);
    cookies.visitor = cookieFrom(held);
    expect(cookies.visitor).toMatch(/^wishcast_visitor=/);
  });
  afterAll(() => stopSampleSite(site, server));

  it('publishes two accounts at one address commenting at the same moment', async () => {
    const [ann, ben] = await Promise.all(
      (['ann', 'ben'] as const).map((who) =>
        postForm(
          server.url,
          `/posts/${posts.pair}?_action=comments.create`,
          { post_id: String(ids.pair), body: `Same address, ${who} here` },
          { cookie: cookies[who] },
        ),
      ),
    );
    expect([ann!.status, ben!.status]).toEqual([303, 303]);
    const page = await anonymousText(`/posts/${posts.pair}`);
    expect(page).toContain('Same address, ann here');
    expect(page).toContain('Same address, ben here');
  });

  it('never primes the public cache with a held comment, whatever the shape of the visitor cookie', async () => {
    const page = `/posts/${posts.held}`;
    // The cookie really is personal: its owner sees the held comment.
    expect(await (await fetch(server.url + page, { headers: { cookie: cookies.visitor } })).text()).toContain(
      HELD_TEXT,
    );
    const [name, value] = cookies.visitor.split('=') as [string, string];
    for (const [shape, lines] of cookieShapes(name, value)) {
      await invalidateCache();
      const personal = await rawRequest(server.url + page, 'GET', lines);
      expect(personal.status, shape).toBe(200);
      for (let i = 0; i < 2; i++) {
        const seen = await anonymousText(page);
        expect(seen, `after "${shape}"`).not.toContain(HELD_TEXT);
        expect(seen, `after "${shape}"`).not.toContain(HELD_NOTICE);
      }
    }
  });

  it('never primes the public cache with a signed-in page, whatever the shape of the session cookie', async () => {
    const page = `/posts/${posts.held}`;
    expect(await (await fetch(server.url + page, { headers: { cookie: cookies.ann } })).text()).toContain('Log out');
    const [name, value] = cookies.ann.split('=') as [string, string];
    for (const [shape, lines] of cookieShapes(name, value)) {
      await invalidateCache();
      expect((await rawRequest(server.url + page, 'GET', lines)).status, shape).toBe(200);
      for (let i = 0; i < 2; i++) {
        const seen = await anonymousText(page);
        expect(seen, `after "${shape}"`).not.toContain('Log out');
        expect(seen, `after "${shape}"`).not.toContain('Ann Reader');
      }
    }
  });

  it('answers GET with the full body and a true Content-Length after a HEAD, on feeds, sitemap and pages', async () => {
    const paths = ['/rss.xml', '/sitemap.xml', `/posts/${posts.other}/comments.xml`, '/', `/posts/${posts.other}`];
    for (const path of paths) {
      await invalidateCache();
      const head = await fetch(server.url + path, { method: 'HEAD' });
      expect(head.status, path).toBe(200);
      const bodies: Buffer[] = [];
      // The first GET renders (or meets what HEAD would have stored); the second comes from the cache.
      for (let i = 0; i < 2; i++) {
        const res = await rawRequest(server.url + path, 'GET', []);
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

  const HOSTILE_NEXT = [
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '//evil.example',
    '///evil.example',
    '\\\\evil.example',
    '/\\evil.example',
    '\\/evil.example',
    '/.\\\\evil.example',
    'https://evil.example',
    'https:evil.example',
    '//evil.example@127.0.0.1',
    'javascript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '/%09/evil.example',
    '/%2F/evil.example',
    '/%5C/evil.example',
    '/%0d%0aSet-Cookie:%20x=1',
    '/\uff0f/evil.example',
    '/\u2215evil.example',
    '\u0000//evil.example',
  ];

  it('keeps every /login?next=… redirect on the site', async () => {
    const origin = new URL(server.url).origin;
    // The exact request from the report, not re-encoded.
    const reported = await fetch(`${server.url}/login?next=/%09/evil.example`, {
      headers: { cookie: cookies.ann },
      redirect: 'manual',
    });
    expect(reported.status).toBe(303);
    expect(reported.headers.get('location')).toBe('/');
    for (const next of HOSTILE_NEXT) {
      const signedIn = await fetch(`${server.url}/login?next=${encodeURIComponent(next)}`, {
        headers: { cookie: cookies.ann },
        redirect: 'manual',
      });
      expect(signedIn.status, next).toBe(303);
      const location = signedIn.headers.get('location')!;
      expect(new URL(location, `${server.url}/login`).origin, `${JSON.stringify(next)} → ${location}`).toBe(origin);
      expect(location, next).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
    }
    for (const next of HOSTILE_NEXT.slice(0, 8)) {
      const loggedIn = await postForm(server.url, '/login?_action=auth.logIn', {
        email: emails.ben,
        password: TEST_PASSWORD,
        next,
      });
      expect(loggedIn.status, next).toBe(303);
      expect(new URL(loggedIn.headers.get('location')!, `${server.url}/login`).origin, next).toBe(origin);
    }
  });

  it('answers exactly 5 of 40 parallel wrong passwords with 400 and the rest with 429', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const res = await logIn(emails.lock, `wrong guess ${i}`);
        await res.arrayBuffer();
        return res.status;
      }),
    );
    const count = (status: number) => answers.filter((s) => s === status).length;
    expect({ 400: count(400), 429: count(429), other: answers.length - count(400) - count(429) }).toEqual({
      400: 5,
      429: 35,
      other: 0,
    });
  });

  it('keeps hostile comments inert in comments.xml and rss.xml as a feed reader parses them', async () => {
    const hostile = [
      '`<img src=x onerror=alert(1)>`',
      '<img src=x onerror=alert(1)>',
      '&lt;script&gt;alert(1)&lt;/script&gt;',
      '&#60;svg onload=alert(1)&#62;',
      ']]><img src=x onerror=alert(1)>',
      '<![CDATA[<img src=x onerror=alert(1)>]]>',
    ];
    for (const body of hostile) {
      const res = await postForm(
        server.url,
        `/posts/${posts.feed}?_action=comments.create`,
        { post_id: String(ids.feed), body },
        { cookie: cookies.author },
      );
      expect(res.status, body).toBe(303);
    }
    const parser = new XMLParser({ ignoreAttributes: false });
    const commentsXml = await anonymousText(`/posts/${posts.feed}/comments.xml`);
    const items = parser.parse(commentsXml).rss.channel.item as Record<string, string>[];
    expect(items).toHaveLength(hostile.length);
    for (const item of items) {
      expect(liveHtmlIn(String(item.description)).tags, item.description).toEqual([]);
      expect(dangerousIn(String(item['content:encoded'])), item['content:encoded']).toEqual([]);
    }
    const feed = parser.parse(await anonymousText('/rss.xml')).rss.channel.item as Record<string, string>[];
    for (const item of feed) expect(liveHtmlIn(String(item.description)).tags).toEqual([]);
  });
});

describe('the client address behind proxies', () => {
  let site: TestSite;
  let server: RunningServer | null = null;
  let slug = '';
  let postId = 0;

  beforeAll(async () => {
    site = await createTestSite('pglite');
    const db = site.openDb();
    try {
      const post = await makePost(db, { title: 'Proxies', publishedAt: new Date(Date.now() - 3_600_000) });
      slug = post.slug;
      postId = post.id;
    } finally {
      await db.destroy();
    }
  });
  afterAll(async () => {
    await server?.stop();
    await site?.cleanup();
  });

  async function serveWith(trustedProxies: string | null) {
    await server?.stop();
    server = await startServer(site, trustedProxies === null ? {} : { TRUSTED_PROXIES: trustedProxies });
  }
  /** A new visitor (no cookie) comments, claiming to come through these hops. */
  async function visitorComments(forwardedFor: string): Promise<number> {
    const res = await fetch(`${server!.url}/posts/${slug}?_action=comments.create`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: server!.url,
        'x-forwarded-for': forwardedFor,
      },
      body: new URLSearchParams({ post_id: String(postId), body: 'Hello', name: 'V', email: 'v@example.org' }),
    });
    await res.arrayBuffer();
    return res.status;
  }

  it('ignores X-Forwarded-For when TRUSTED_PROXIES is unset', async () => {
    await serveWith(null);
    expect(await visitorComments('198.51.100.1')).toBe(303);
    // Another "address" in the header, the same socket: the same visitor limit.
    expect(await visitorComments('198.51.100.2')).toBe(429);
  });

  it('takes the hop the trusted proxy saw, and never a spoofed leftmost entry', async () => {
    await serveWith('1');
    expect(await visitorComments('198.51.100.11')).toBe(303);
    expect(await visitorComments('198.51.100.12')).toBe(303);
    expect(await visitorComments('6.6.6.6, 198.51.100.13')).toBe(303);
    expect(await visitorComments('7.7.7.7, 198.51.100.13')).toBe(429);
  });

  it('walks a list of trusted proxies and stops at the first hop not on it', async () => {
    await serveWith('127.0.0.1, 203.0.113.5');
    expect(await visitorComments('198.51.100.21, 203.0.113.5')).toBe(303);
    expect(await visitorComments('198.51.100.22, 203.0.113.5')).toBe(303);
    expect(await visitorComments('198.51.100.23, 203.0.113.6')).toBe(303);
    expect(await visitorComments('198.51.100.24, 203.0.113.6')).toBe(429);

    await server!.stop(); // PGlite: free the data directory to read what was counted
    const db = site.openDb();
    try {
      const rows = await db
        .selectFrom('rate_limit_hits')
        .select('bucket')
        .where('bucket', 'like', 'post:ip:%')
        .execute();
      expect(new Set(rows.map((r) => r.bucket.slice('post:ip:'.length)))).toEqual(
        new Set([
          '127.0.0.1',
          '198.51.100.11',
          '198.51.100.12',
          '198.51.100.13',
          '198.51.100.21',
          '198.51.100.22',
          '203.0.113.6',
        ]),
      );
    } finally {
      await db.destroy();
    }
  });
});
