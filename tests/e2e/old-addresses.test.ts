// Issue 24 (7) and issue 25: a moved-in blog's old addresses answer 301 whatever
// the page cache holds. Its keys drop the query parameters a page does not read,
// so "/?p=35" and "/?feed=rss2" would otherwise be answered as the cached home page.
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textChunks } from '../../src/lib/import/input.ts';
import { importWordPress } from '../../src/lib/import/wordpress/import.ts';
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

const FEED_ADDRESSES: [string, string][] = [
  ['/feed/', '/rss.xml'],
  ['/feed', '/rss.xml'],
  ['/feed/atom/', '/atom.xml'],
  ['/?feed=rss2', '/rss.xml'],
  ['/?feed=atom', '/atom.xml'],
  ['/?feed=comments-rss2', '/comments.xml'],
  ['/comments/feed/', '/comments.xml'],
  ['/feeds/posts/default', '/atom.xml'],
  ['/feeds/posts/default?alt=rss', '/rss.xml'],
  ['/feeds/comments/default', '/comments.xml'],
  ['/feeds/posts/default?alt=json', '/feed.json'],
  ['/FEED/', '/rss.xml'],
];

const QUERY_LINKS: [string, string][] = [
  ['/?p=35', '/posts/gruse-aus-koln'],
  ['/?p=35&utm_source=mastodon', '/posts/gruse-aus-koln'],
  ['/?utm_source=x&p=%33%35', '/posts/gruse-aus-koln'],
  ['/index.php?p=35', '/posts/gruse-aus-koln'],
];

// Archive, label, tag, category and author addresses: decided from the request line, never cached.
const ARCHIVE_ADDRESSES: [string, string][] = [
  ['/2024/05/', '/archive/2024/05'],
  ['/2024/05/03/', '/archive/2024/05'],
  ['/2024_05_01_archive.html', '/archive/2024/05'],
  ['/2024/', '/archive'],
  ['/?m=202405', '/archive/2024/05'],
  ['/search/label/Networking', '/tags/networking'],
  ['/feeds/posts/default/-/Networking', '/tags/networking/atom.xml'],
  ['/tag/networking/', '/tags/networking'],
  ['/tag/networking/feed/', '/tags/networking/rss.xml'],
  ['/?tag=networking', '/tags/networking'],
  ['/category/travel/night-trains/', '/tags/night-trains'],
  ['/author/alma/', '/people/alma'],
];

describe.each(dbTargets)('old addresses on a warm cache on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let post = { slug: '', id: 0 };
  const get = (path: string) => fetch(server.url + path, { redirect: 'manual' });

  beforeAll(async () => {
    const email = uniqueEmail('author');
    ({ site, server } = await startSampleSite(target, {
      seed: async (db) => {
        const now = new Date();
        const fixture = readFileSync('tests/fixtures/wordpress/wordpress-6.1.xml', 'utf8');
        await importWordPress(db, textChunks(fixture), { now, timeZone: 'Europe/Berlin', authorId: null });
        const author = await makeAccount(db, { name: 'Alma Author', email, role: 'author' });
        post = await makePost(db, { title: 'Talked about', authorId: author.id, publishedAt: now });
      },
    }));
    const author = cookieFrom(
      await postForm(server.url, '/login?_action=auth.logIn', { email, password: TEST_PASSWORD }),
    );
    const posted = await postForm(
      server.url,
      `/posts/${post.slug}?_action=comments.create`,
      { post_id: String(post.id), body: 'A comment for the site feed' },
      { cookie: author },
    );
    expect(posted.status).toBe(303);
  });
  afterAll(() => stopSampleSite(site, server));

  it('answers every old feed, archive, label and tag address and "?p=" link with 301, before and after the pages are cached', async () => {
    for (let round = 0; round < 2; round++) {
      // Every page these addresses resemble, kept in the page cache (twice: the second answer is a hit).
      for (const page of ['/', '/', '/rss.xml', '/rss.xml', '/comments.xml', '/comments.xml', '/archive/2024/05']) {
        expect((await get(page)).status, page).toBe(200);
      }
      for (const [old, now] of [...FEED_ADDRESSES, ...QUERY_LINKS, ...ARCHIVE_ADDRESSES]) {
        const res = await get(old);
        expect(res.status, old).toBe(301);
        expect(res.headers.get('location'), old).toBe(now);
      }
    }
    expect((await get('/?p=37')).status).toBe(200); // a draft: the home page, no redirect
    expect((await get('/?page=2')).status).not.toBe(301); // the home page's own parameter
  });

  it('has a feed of the newest comments on every visible post, where old comment feeds lead', async () => {
    const res = await get('/comments.xml');
    expect(res.headers.get('content-type')).toContain('application/rss+xml');
    const feed = new XMLParser().parse(await res.text());
    const items = [feed.rss.channel.item].flat();
    expect(items.map((i: { title: string }) => i.title)).toContain('Alma Author on Talked about');
    const item = items.find((i: { title: string }) => i.title === 'Alma Author on Talked about');
    expect(item.link).toMatch(new RegExp(`/posts/${post.slug}#comment-\\d+$`));
  });
});
