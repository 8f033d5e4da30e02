// Issue 11 against the built server: `next` never leads off the site; the login
// limit holds under parallel requests; feeds carry no live HTML (nor live titles); two accounts at
// one address both get published.
import { XMLParser } from 'fast-xml-parser';
import { unescape } from 'html-escaper';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../helpers/fixtures.ts';
import { dangerousIn, liveHtmlIn } from '../helpers/live-html.ts';
import { dbTargets, postForm } from '../helpers/site.ts';
import { startTrustSite, type TrustSite } from '../helpers/trust-site.ts';

describe.each(dbTargets)('forms and feeds on %s', (target) => {
  let t: TrustSite;
  beforeAll(async () => {
    t = await startTrustSite(target);
  });
  afterAll(() => t?.stop());

  it('publishes two accounts at one address commenting at the same moment', async () => {
    const [ann, ben] = await Promise.all(
      (['ann', 'ben'] as const).map((who) =>
        postForm(
          t.server.url,
          `/posts/${t.posts.pair}?_action=comments.create`,
          { post_id: String(t.ids.pair), body: `Same address, ${who} here` },
          { cookie: t.cookies[who] },
        ),
      ),
    );
    expect([ann!.status, ben!.status]).toEqual([303, 303]);
    const page = await t.anonymousText(`/posts/${t.posts.pair}`);
    expect(page).toContain('Same address, ann here');
    expect(page).toContain('Same address, ben here');
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
    const origin = new URL(t.server.url).origin;
    // The exact request from the report, not re-encoded.
    const reported = await fetch(`${t.server.url}/login?next=/%09/evil.example`, {
      headers: { cookie: t.cookies.ann },
      redirect: 'manual',
    });
    expect(reported.status).toBe(303);
    expect(reported.headers.get('location')).toBe('/');
    for (const next of HOSTILE_NEXT) {
      const signedIn = await fetch(`${t.server.url}/login?next=${encodeURIComponent(next)}`, {
        headers: { cookie: t.cookies.ann },
        redirect: 'manual',
      });
      expect(signedIn.status, next).toBe(303);
      const location = signedIn.headers.get('location')!;
      expect(new URL(location, `${t.server.url}/login`).origin, `${JSON.stringify(next)} → ${location}`).toBe(origin);
      expect(location, next).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
    }
    for (const next of HOSTILE_NEXT.slice(0, 8)) {
      const loggedIn = await postForm(t.server.url, '/login?_action=auth.logIn', {
        email: t.emails.ben,
        password: TEST_PASSWORD,
        next,
      });
      expect(loggedIn.status, next).toBe(303);
      expect(new URL(loggedIn.headers.get('location')!, `${t.server.url}/login`).origin, next).toBe(origin);
    }
  });

  it('answers exactly 5 of 40 parallel wrong passwords with 400 and the rest with 429', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const res = await t.logIn(t.emails.lock, `wrong guess ${i}`);
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
        t.server.url,
        `/posts/${t.posts.feed}?_action=comments.create`,
        { post_id: String(t.ids.feed), body },
        { cookie: t.cookies.author },
      );
      expect(res.status, body).toBe(303);
    }
    const parser = new XMLParser({ ignoreAttributes: false });
    const commentsXml = await t.anonymousText(`/posts/${t.posts.feed}/comments.xml`);
    const items = parser.parse(commentsXml).rss.channel.item as Record<string, string>[];
    expect(items).toHaveLength(hostile.length);
    for (const item of items) {
      expect(liveHtmlIn(String(item.description)).tags, item.description).toEqual([]);
      expect(dangerousIn(String(item['content:encoded'])), item['content:encoded']).toEqual([]);
    }
    const feed = parser.parse(await t.anonymousText('/rss.xml')).rss.channel.item as Record<string, string>[];
    for (const item of feed) expect(liveHtmlIn(String(item.description)).tags).toEqual([]);
  });

  it('shows a commenter named Zed"><script>… as text in the title of comments.xml (issue 24)', async () => {
    const name = 'Zed"><script>alert(1)</script><img src=x onerror=alert(2)>';
    const renamed = await postForm(
      t.server.url,
      '/account?_action=people.updateProfile',
      { name, handle: 'alma-zed', bio: '', website: '' },
      { cookie: t.cookies.author },
    );
    expect(renamed.status).toBe(303);
    const posted = await postForm(
      t.server.url,
      `/posts/${t.posts.feed}?_action=comments.create`,
      { post_id: String(t.ids.feed), body: 'Hello from Zed' },
      { cookie: t.cookies.author },
    );
    expect(posted.status).toBe(303);
    const channel = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(
      await t.anonymousText(`/posts/${t.posts.feed}/comments.xml`),
    ).rss.channel as { title: string; item: Record<string, string>[] };
    const titles = [channel.title, ...channel.item.map((i) => i.title)];
    for (const title of titles) expect(liveHtmlIn(String(title)).tags, title).toEqual([]);
    expect(titles.map((title) => unescape(String(title)))).toContain(`${name} on The feed post`);
  });
});
