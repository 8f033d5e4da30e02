// Issue 26 (3): the posts in the formats feed readers ask for. RSS, Atom and
// JSON Feed for the site and for each tag, each announced by <link rel="alternate">,
// titles kept as text whatever they hold, and fresh on a warm cache after a post.
import { XMLParser } from 'fast-xml-parser';
import { unescape } from 'html-escaper';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makePost, TEST_PASSWORD, uniqueEmail } from '../helpers/fixtures.ts';
import {
  cookieFrom,
  dbTargets,
  postForm,
  startSampleSite,
  stopSampleSite,
  type RunningServer,
  type TestSite,
} from '../helpers/site.ts';

const HOSTILE_TITLE = 'Zed"><script>alert(1)</script> & ]]> <b>bold</b>';

interface AtomEntry {
  title: string | { '#text': string };
  link: { '@_href': string };
  content: { '#text': string; '@_type': string };
  category?: { '@_term': string } | { '@_term': string }[];
}

describe.each(dbTargets)('posts feeds on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let author = '';
  const get = (path: string) => fetch(server.url + path, { redirect: 'manual' });
  const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false });
  const atomEntries = async (path: string): Promise<AtomEntry[]> => {
    const res = await get(path);
    expect(res.status, path).toBe(200);
    expect(res.headers.get('content-type'), path).toContain('application/atom+xml');
    return [xml.parse(await res.text()).feed.entry ?? []].flat();
  };
  const titleOf = (entry: AtomEntry) => (typeof entry.title === 'string' ? entry.title : entry.title['#text']);

  beforeAll(async () => {
    const email = uniqueEmail('author');
    ({ site, server } = await startSampleSite(target, {
      seed: async (db) => {
        const alma = await makeAccount(db, { name: 'Alma Author', email, role: 'author' });
        await makePost(db, {
          title: HOSTILE_TITLE,
          authorId: alma.id,
          tags: ['community'],
          publishedAt: new Date(Date.now() - 60_000),
        });
      },
    }));
    author = cookieFrom(await postForm(server.url, '/login?_action=auth.logIn', { email, password: TEST_PASSWORD }));
  });
  afterAll(() => stopSampleSite(site, server));

  it('serves the site’s posts as RSS, Atom and JSON Feed, with the same posts in each', async () => {
    const rss = xml.parse(await (await get('/rss.xml')).text()).rss.channel;
    // RSS titles are HTML-escaped text (src/lib/feeds/rss.ts); Atom and JSON Feed say what their titles are.
    const rssTitles = [rss.item].flat().map((i: { title: string }) => unescape(i.title));
    const atom = await atomEntries('/atom.xml');
    const json = await get('/feed.json');
    expect(json.headers.get('content-type')).toContain('application/feed+json');
    const feed = await json.json();
    expect(feed.version).toMatch(/^https:\/\/jsonfeed\.org\/version\/1/);
    expect(feed.feed_url).toBe(`${server.url}/feed.json`);
    expect(atom.map(titleOf)).toEqual(rssTitles);
    expect(feed.items.map((i: { title: string }) => i.title)).toEqual(rssTitles);
    expect(rssTitles).toContain(HOSTILE_TITLE); // text, not markup, in every format
    for (const entry of atom) {
      expect(entry.link['@_href']).toMatch(new RegExp(`^${server.url}/posts/`));
      expect(entry.content['@_type']).toBe('html');
    }
    const welcome = feed.items.find((i: { title: string }) => i.title === 'Welcome to Wishcast');
    expect(welcome.url).toBe(`${server.url}/posts/welcome-to-wishcast`);
    expect(welcome.content_html).toContain('<p>');
    expect(welcome.summary).not.toMatch(/[<>]/);
  });

  it('has a feed per tag in each format, and 404 for a tag or format it does not have', async () => {
    const tagged = (await atomEntries('/tags/community/atom.xml')).map(titleOf);
    expect(tagged).toContain(HOSTILE_TITLE);
    expect(tagged).toContain('Welcome to Wishcast');
    expect(tagged).not.toContain('Ask what you can do first'); // tagged networking and giving
    const rss = xml.parse(await (await get('/tags/community/rss.xml')).text()).rss.channel;
    expect(
      [rss.item]
        .flat()
        .map((i: { title: string }) => unescape(i.title))
        .sort(),
    ).toEqual([...tagged].sort());
    const json = await (await get('/tags/community/feed.json')).json();
    expect(json.items.map((i: { title: string }) => i.title).sort()).toEqual([...tagged].sort());
    expect((await get('/tags/no-such-tag/atom.xml')).status).toBe(404);
    expect((await get('/tags/community/feed.txt')).status).toBe(404);
  });

  it('announces each feed with <link rel="alternate"> on the home page and a tag page', async () => {
    const home = await (await get('/')).text();
    for (const [type, href] of [
      ['application/rss+xml', '/rss.xml'],
      ['application/atom+xml', '/atom.xml'],
      ['application/feed+json', '/feed.json'],
    ] as const) {
      expect(home).toMatch(new RegExp(`<link rel="alternate" type="${type.replace('+', '\\+')}"[^>]* href="${href}"`));
    }
    const tag = await (await get('/tags/community')).text();
    expect(tag).toContain('href="/tags/community/atom.xml"');
    expect(tag).toMatch(
      /<link rel="alternate" type="application\/feed\+json"[^>]* href="\/tags\/community\/feed\.json"/,
    );
  });

  it('shows a new post in every feed on the next request, from a warm cache', async () => {
    for (const path of ['/atom.xml', '/feed.json', '/tags/community/atom.xml', '/atom.xml'])
      await (await get(path)).text();
    const saved = await postForm(
      server.url,
      '/admin/posts/new?_action=posts.save',
      {
        title: 'Fresh from the desk',
        slug: '',
        body: 'Hello',
        excerpt: '',
        tags: 'community',
        comments_closed: '',
        publish_at: '',
        intent: 'publish',
      },
      { cookie: author },
    );
    expect(saved.status).toBe(303);
    expect((await atomEntries('/atom.xml')).map(titleOf)).toContain('Fresh from the desk');
    expect((await atomEntries('/tags/community/atom.xml')).map(titleOf)).toContain('Fresh from the desk');
    const json = await (await get('/feed.json')).json();
    expect(json.items[0].title).toBe('Fresh from the desk');
  });
});
