// The site the issue 11 end-to-end tests share: the sample posts, an author, two
// readers (all signed in), an account to lock out, four posts, and a visitor
// whose comment is held for moderation.
import { expect } from 'vitest';
import { makeConfirmedAccount, makePost, TEST_PASSWORD, uniqueEmail } from './fixtures.ts';
import { cookieFrom, postForm, startSampleSite, stopSampleSite, type DbTarget } from './site.ts';

export const HELD_TEXT = 'Held text only its writer may see';
export const HELD_NOTICE = 'Your comment is awaiting moderation';

const POSTS = ['held', 'other', 'pair', 'feed'] as const;
type PostKey = (typeof POSTS)[number];

export async function startTrustSite(target: DbTarget) {
  const posts = { held: '', other: '', pair: '', feed: '' } as Record<PostKey, string>;
  const ids = { held: 0, other: 0, pair: 0, feed: 0 } as Record<PostKey, number>;
  const emails = { author: uniqueEmail('author'), ann: uniqueEmail('ann'), ben: uniqueEmail('ben'), lock: '' };
  const { site, server } = await startSampleSite(target, {
    seed: async (db) => {
      const author = await makeConfirmedAccount(db, { name: 'Alma Author', email: emails.author, role: 'author' });
      await makeConfirmedAccount(db, { name: 'Ann Reader', email: emails.ann });
      await makeConfirmedAccount(db, { name: 'Ben Reader', email: emails.ben });
      emails.lock = (await makeConfirmedAccount(db, { name: 'Locked Out' })).email;
      const at = new Date(Date.now() - 3_600_000);
      for (const key of POSTS) {
        const post = await makePost(db, { title: `The ${key} post`, authorId: author.id, publishedAt: at });
        posts[key] = post.slug;
        ids[key] = post.id;
      }
    },
  });
  const logIn = (email: string, password = TEST_PASSWORD) =>
    postForm(server.url, '/login?_action=auth.logIn', { email, password });
  const cookies = {
    author: cookieFrom(await logIn(emails.author)),
    ann: cookieFrom(await logIn(emails.ann)),
    ben: cookieFrom(await logIn(emails.ben)),
    visitor: '',
  };
  const held = await postForm(server.url, `/posts/${posts.held}?_action=comments.create`, {
    post_id: String(ids.held),
    body: HELD_TEXT,
    name: 'Vera Visitor',
    email: 'vera@example.org',
  });
  expect(held.status).toBe(303);
  cookies.visitor = cookieFrom(held);
  expect(cookies.visitor).toMatch(/^wishcast_visitor=/);

  return {
    server,
    posts,
    ids,
    emails,
    cookies,
    logIn,
    stop: () => stopSampleSite(site, server),
    /** Publishes an author comment elsewhere: a change every reader sees, so every cached page is dropped. */
    async invalidateCache() {
      const res = await postForm(
        server.url,
        `/posts/${posts.other}?_action=comments.create`,
        { post_id: String(ids.other), body: 'The author says hello' },
        { cookie: cookies.author },
      );
      expect(res.status).toBe(303);
    },
    async anonymousText(path: string) {
      return (await fetch(server.url + path)).text();
    },
  };
}

export type TrustSite = Awaited<ReturnType<typeof startTrustSite>>;
