// Issue 25: the page cache changes how fast an answer comes, never what it says.
// Two servers share one PostgreSQL database, one with the page cache and one
// with it off (PAGE_CACHE_MB=0). Every route is asked by four people (nobody,
// a visitor with a held comment, a reader with a held comment, the author),
// first on a cold cache and then on a warm one, and each answer is compared
// with the uncached server's answer to the same request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makePost, TEST_PASSWORD, uniqueEmail } from '../helpers/fixtures.ts';
import { pageRoutes } from '../helpers/routes.ts';
import {
  cookieFrom,
  postForm,
  startSampleSite,
  stopSampleSite,
  type RunningServer,
  type TestSite,
} from '../helpers/site.ts';
import { startServer } from '../helpers/server.ts';

/** Two links hold a reader's comment; the words before them are plain text in the page. */
const HELD_BY_READER = 'Rita asks twice: https://a.example and https://b.example';
const HELD_BY_VISITOR = 'A first comment from a visitor, waiting';

/** What may differ between two renders of one page by two processes: nothing a person reads. */
function comparable(html: string, servers: RunningServer[]): string {
  let text = html;
  // Each server's own address, whole or as the host in a handle (@blog@127.0.0.1:port).
  for (const server of servers) text = text.replaceAll(server.url, 'SITE').replaceAll(new URL(server.url).host, 'HOST');
  // A download says when it was made.
  return text.replace(/("exported_?at": ?)"[^"]+"/gi, '$1"WHEN"').replace(/\s+/g, ' ');
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('the page cache against no cache', () => {
  let site: TestSite;
  let cached: RunningServer;
  let uncached: RunningServer;
  // Another reader asks first, so readers' shared skeletons exist before the reader with a held comment asks.
  const people: Record<string, string> = { nobody: '', other: '', visitor: '', reader: '', author: '' };
  let routes: string[] = [];
  let comment: (body: string, cookie: string, extra?: Record<string, string>) => Promise<Response>;

  beforeAll(async () => {
    const emails = { author: uniqueEmail('author'), reader: uniqueEmail('reader'), other: uniqueEmail('other') };
    let post = { slug: '', id: 0 };
    ({ site, server: cached } = await startSampleSite('postgres', {
      seed: async (db) => {
        const author = await makeAccount(db, { name: 'Alma Author', email: emails.author, role: 'author' });
        await makeAccount(db, { name: 'Rita Reader', email: emails.reader });
        await makeAccount(db, { name: 'Otto Other', email: emails.other });
        post = await makePost(db, {
          title: 'Where people talk',
          authorId: author.id,
          publishedAt: new Date(Date.now() - 3_600_000),
        });
      },
    }));
    uncached = await startServer(site, { PAGE_CACHE_MB: '0' });
    const logIn = async (email: string) =>
      cookieFrom(await postForm(cached.url, '/login?_action=auth.logIn', { email, password: TEST_PASSWORD }));
    people.author = await logIn(emails.author);
    people.reader = await logIn(emails.reader);
    people.other = await logIn(emails.other);
    comment = (body: string, cookie: string, extra: Record<string, string> = {}) =>
      postForm(
        cached.url,
        `/posts/${post.slug}?_action=comments.create`,
        { post_id: String(post.id), body, ...extra },
        { cookie },
      );
    const published = await comment('The author opens the thread', people.author);
    const commentId = Number(/#comment-(\d+)/.exec(published.headers.get('location') ?? '')?.[1]);
    expect((await comment(HELD_BY_READER, people.reader)).status).toBe(303);
    const visitor = await comment(HELD_BY_VISITOR, '', { name: 'Vera Visitor', email: 'vera@example.org' });
    people.visitor = cookieFrom(visitor);
    expect(people.visitor).toMatch(/^wishcast_visitor=/);
    routes = [
      // /metrics is each process's own counters: never cached, and never the same on two servers.
      ...Object.values(pageRoutes({ postSlug: post.slug, commentId, postId: post.id })).filter((p) => p !== '/metrics'),
      // Addresses whose query the cache's keys leave out or keep: each must still be answered as without a cache.
      '/?page=2',
      '/?p=1',
      '/?page_id=2',
      '/?feed=rss2',
      '/feed/',
      '/?utm_source=x',
      `/posts/${post.slug}?replyto=${commentId}`,
      '/search?q=wish&page=2',
      '/login?next=/wishes',
    ];
  });
  afterAll(async () => {
    await uncached?.stop();
    await stopSampleSite(site, cached);
  });

  it('answers every route for every person as the uncached server does, cold and warm', async () => {
    const differences: string[] = [];
    const ask = async (server: RunningServer, path: string, cookie: string) => {
      const res = await fetch(server.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      return {
        status: res.status,
        location: res.headers.get('location'),
        body: comparable(await res.text(), [cached, uncached]),
      };
    };
    for (const state of ['cold', 'warm', 'after new held comments']) {
      if (state === 'after new held comments') {
        // Held comments change no page anyone else sees, so no cached page is dropped: their writers must still see them.
        await new Promise((r) => setTimeout(r, 1100)); // the posting limit: one a second per person
        expect((await comment(HELD_BY_READER.replace('twice', 'again'), people.reader!)).status).toBe(303);
        const again = await comment(`${HELD_BY_VISITOR} again`, people.visitor!, {
          name: 'Vera Visitor',
          email: 'vera@example.org',
        });
        expect(again.status).toBe(303);
      }
      for (const path of routes) {
        for (const [who, cookie] of Object.entries(people)) {
          const [fromCache, fresh] = [await ask(cached, path, cookie), await ask(uncached, path, cookie)];
          if (
            fromCache.status !== fresh.status ||
            fromCache.location !== fresh.location ||
            fromCache.body !== fresh.body
          ) {
            differences.push(`${state} ${path} as ${who}: ${fromCache.status} vs ${fresh.status}`);
            if (process.env.SHOW_DIFF)
              console.log(path, who, '\n', fromCache.body.slice(0, 3000), '\n----\n', fresh.body.slice(0, 3000));
          }
        }
      }
    }
    expect(differences).toEqual([]);
  }, 240_000);

  it('shows each held comment, marked as waiting, to its writer alone, from a warm cache', async () => {
    const page = routes.find((r) => r.startsWith('/posts/') && !r.endsWith('.xml'))!;
    for (let i = 0; i < 2; i++) {
      const texts = Object.fromEntries(
        await Promise.all(
          Object.entries(people).map(async ([who, cookie]) => [
            who,
            await (await fetch(cached.url + page, { headers: cookie ? { cookie } : {} })).text(),
          ]),
        ),
      );
      expect(texts.reader).toContain('Rita asks again');
      expect(texts.visitor).toContain(`${HELD_BY_VISITOR} again`);
      for (const who of ['reader', 'visitor']) expect(texts[who]).toMatch(/awaiting moderation/i);
      for (const who of ['nobody', 'other', 'visitor']) expect(texts[who]).not.toContain('Rita asks');
      expect(texts.nobody).not.toContain(HELD_BY_VISITOR);
      expect(texts.reader).not.toContain(HELD_BY_VISITOR);
    }
  });
});
