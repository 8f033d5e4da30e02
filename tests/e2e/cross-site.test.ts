// Issue 24: every form action keeps its origin check on every route. Astro runs
// an action on any page whose query names it, so each action in the forms
// inventory is posted to each route in the route inventory, from a foreign
// origin in several shapes, with a signed-in author's cookie: every answer is
// 403, none sets a session, and (on PostgreSQL, which a second connection can
// read while the server runs) no row in any table changed.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/db.ts';
import { makeAccount, makePost, TEST_PASSWORD, uniqueEmail } from '../helpers/fixtures.ts';
import { FORMS } from '../helpers/forms.ts';
import { pageRoutes } from '../helpers/routes.ts';
import {
  cookieFrom,
  dbTargets,
  postForm,
  startSampleSite,
  stopSampleSite,
  type RunningServer,
  type TestSite,
} from '../helpers/site.ts';

/** Foreign origins: another site, an opaque origin, a sibling port, and none at all. */
function foreignOrigins(siteUrl: string): (string | null)[] {
  const url = new URL(siteUrl);
  return [
    'https://evil.example',
    'null',
    `http://${url.hostname}:${Number(url.port) + 1}`,
    `https://${url.host}`,
    null,
  ];
}

/** The form encodings a browser can send cross-site without asking first. */
function encode(fields: Record<string, string>, type: number): { body: BodyInit; contentType?: string } {
  if (type === 0) return { body: new URLSearchParams(fields), contentType: 'application/x-www-form-urlencoded' };
  if (type === 1) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    return { body: form }; // fetch writes the multipart boundary itself
  }
  return { body: new URLSearchParams(fields).toString(), contentType: 'text/plain' };
}

/**
 * Tables the server's own clock-driven jobs write (the fediverse announcer and its keys and queue, the
 * new-post mail for followers, the wish-day mail runs), never a request: they may change while the test runs.
 */
const WRITTEN_BY_JOBS =
  /^(?:fediverse_(?:keys|kv|queue|announced_posts|announced_boards)|follower_mailed_posts|mail_runs)$/;

/** One fingerprint per table a request could change: its row count and a hash of all its rows. */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db);
  const prints: Record<string, string> = {};
  for (const { name } of tables.rows.filter((table) => !WRITTEN_BY_JOBS.test(table.name))) {
    const { rows } = await sql<{ print: string }>`
      select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as print
      from ${sql.table(name)} t`.execute(db);
    prints[name] = rows[0]!.print;
  }
  return prints;
}

describe.each(dbTargets)('cross-site posts on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let routes: string[];
  let author = '';
  const authorEmail = uniqueEmail('author');
  beforeAll(async () => {
    let values = { postSlug: '', commentId: 0, postId: 0 };
    ({ site, server } = await startSampleSite(target, {
      seed: async (db) => {
        const alma = await makeAccount(db, { name: 'Alma Author', email: authorEmail, role: 'author' });
        const post = await makePost(db, { title: 'A post to try', authorId: alma.id });
        values = { postSlug: post.slug, commentId: 0, postId: post.id };
      },
    }));
    const login = await postForm(server.url, '/login?_action=auth.logIn', {
      email: authorEmail,
      password: TEST_PASSWORD,
    });
    author = cookieFrom(login);
    expect(author).toMatch(/wishcast_session=/);
    const comment = await postForm(
      server.url,
      `/posts/${values.postSlug}?_action=comments.create`,
      { post_id: String(values.postId), body: 'A comment to try' },
      { cookie: author },
    );
    values.commentId = Number(/#comment-(\d+)/.exec(comment.headers.get('location') ?? '')?.[1]);
    expect(values.commentId).toBeGreaterThan(0);
    routes = Object.values(pageRoutes(values));
  });
  afterAll(() => stopSampleSite(site, server));

  it('refuses every action on every route from a foreign origin, and changes nothing', async () => {
    const db = target === 'postgres' ? site.openDb() : null;
    try {
      const before = db ? await fingerprint(db) : null;
      const origins = foreignOrigins(server.url);
      const refused: string[] = [];
      let tried = 0;
      for (const form of FORMS) {
        // The credentials of a real account, so a login that got through would start a session.
        const fields = form.action === 'auth.logIn' ? { email: authorEmail, password: TEST_PASSWORD } : form.fields;
        const paths = [...routes, `/_actions/${form.action}`].map((route) =>
          route.startsWith('/_actions/') ? route : `${route}${route.includes('?') ? '&' : '?'}_action=${form.action}`,
        );
        await Promise.all(
          paths.map(async (path, i) => {
            const shape = tried + i;
            const origin = origins[shape % origins.length]!;
            const { body, contentType } = encode(fields, shape % 3);
            const res = await fetch(server.url + path, {
              method: 'POST',
              redirect: 'manual',
              headers: {
                ...(contentType ? { 'content-type': contentType } : {}),
                ...(origin === null ? {} : { origin }),
                ...(form.as === 'none' ? {} : { cookie: author }),
              },
              body,
            });
            await res.arrayBuffer();
            const setsSession = res.headers.getSetCookie().some((c) => c.startsWith('wishcast_session='));
            if (res.status !== 403 || setsSession) refused.push(`${path} from ${origin}: ${res.status}`);
          }),
        );
        tried += paths.length;
      }
      expect(tried).toBeGreaterThan(FORMS.length * 50);
      expect(refused).toEqual([]);
      if (db) expect(await fingerprint(db)).toEqual(before);
    } finally {
      await db?.destroy();
    }
  }, 180_000);

  it('takes a one-click unsubscribe only in its own shape: no action rides on it', async () => {
    for (const path of [
      '/unsubscribe?_action=auth.logIn',
      '/unsubscribe?token=x&_action=auth.logIn',
      '/unsubscribe/?_action=auth.logIn',
      '/unsubscribe?_action=auth.logIn&token=x',
    ]) {
      const res = await postForm(
        server.url,
        path,
        { email: authorEmail, password: TEST_PASSWORD, 'List-Unsubscribe': 'One-Click' },
        { origin: 'https://evil.example' },
      );
      expect(res.status, path).toBe(403);
      expect(res.headers.getSetCookie(), path).toEqual([]);
    }
    // The one-click path with anything but the one pair in its body changes nothing either.
    const extra = await postForm(
      server.url,
      '/unsubscribe?token=x',
      { 'List-Unsubscribe': 'One-Click', email: authorEmail, password: TEST_PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(extra.status).toBe(403);
    // The shape itself is taken, and a forged token is refused without a session.
    const forged = await fetch(`${server.url}/unsubscribe?token=x`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(forged.status).toBe(400);
  });
});
