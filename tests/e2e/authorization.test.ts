// Who may do what, tried for every action: visitors cannot reach the dashboard,
// readers cannot moderate or touch what is not theirs, ids from elsewhere are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../helpers/db.ts';
import { startSampleSite, stopSampleSite } from '../helpers/site.ts';
import { FORMS } from '../helpers/forms.ts';
import { cookieFrom, postForm, type RunningServer, type TestSite } from '../helpers/server.ts';
import { todayIsoUtc, todayWeekdayUtc, waitOutMidnight } from '../helpers/time.ts';
import { createConfirmedAccount } from '../helpers/fixtures.ts';

const PASSWORD = 'authorization test pw';

describe.each(dbTargets)('authorization on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  const cookie = { ann: '', ben: '', author: '' };
  const ids = { annComment: 0, annWish: 0, benOffer: 0, otherPostComment: 0 };
  const today = () => todayIsoUtc();

  async function logIn(email: string) {
    return cookieFrom(await postForm(server.url, '/login?_action=auth.logIn', { email, password: PASSWORD }));
  }
  function commentIdFrom(res: Response): number {
    return Number(/#comment-(\d+)/.exec(res.headers.get('location') ?? '')?.[1] ?? 0);
  }

  beforeAll(async () => {
    await waitOutMidnight(2 * 60_000);
    ({ site, server } = await startSampleSite(target, {
      seed: async (db) => {
        await createConfirmedAccount(db, { name: 'Ann', email: 'ann@example.test', password: PASSWORD });
        await createConfirmedAccount(db, { name: 'Ben', email: 'ben@example.test', password: PASSWORD });
        await createConfirmedAccount(
          db,
          { name: 'Auth Or', email: 'author@example.test', password: PASSWORD },
          'author',
        );
      },
      env: { WISH_DAY: todayWeekdayUtc(), SITE_TIMEZONE: 'UTC', RATE_LIMIT_FACTOR: '1000' },
    }));
    cookie.ann = await logIn('ann@example.test');
    cookie.ben = await logIn('ben@example.test');
    cookie.author = await logIn('author@example.test');

    // content/posts is imported in file-name order: post 1 is ask-what-you-can-do-first, post 2 how-to-write-a-good-wish.
    const comment = await postForm(
      server.url,
      '/posts/ask-what-you-can-do-first?_action=comments.create',
      { post_id: '1', body: 'Ann was here' },
      { cookie: cookie.ann },
    );
    ids.annComment = commentIdFrom(comment);
    const other = await postForm(
      server.url,
      '/posts/how-to-write-a-good-wish?_action=comments.create',
      { post_id: '2', body: 'On another post' },
      { cookie: cookie.ben },
    );
    ids.otherPostComment = commentIdFrom(other);
    expect(ids.annComment).toBeGreaterThan(0);
    expect(ids.otherPostComment).toBeGreaterThan(0);

    const wish = await postForm(
      server.url,
      '/wishes?_action=wishes.post',
      { board_date: today(), body: 'I wish to meet other gardeners' },
      { cookie: cookie.ann },
    );
    expect(wish.status).toBe(303);
    const board = await (await fetch(`${server.url}/wishes`, { headers: { cookie: cookie.ben } })).text();
    ids.annWish = Number(/name="wish_id" value="(\d+)"/.exec(board)?.[1] ?? 0);
    expect(ids.annWish).toBeGreaterThan(0);
    const offer = await postForm(
      server.url,
      '/wishes?_action=wishes.offer',
      { wish_id: String(ids.annWish), board_date: today(), kind: 'introduction', body: 'I know a garden club' },
      { cookie: cookie.ben },
    );
    expect(offer.status).toBe(303);
    const withOffer = await (await fetch(`${server.url}/wishes`, { headers: { cookie: cookie.ann } })).text();
    ids.benOffer = Number(/name="offer_id" value="(\d+)"/.exec(withOffer)?.[1] ?? 0);
    expect(ids.benOffer).toBeGreaterThan(0);
  });
  afterAll(() => stopSampleSite(site, server));

  it('sends visitors to log in and refuses readers on every dashboard page', async () => {
    for (const path of [
      '/admin',
      '/admin/comments',
      '/admin/wishes',
      '/admin/prompts',
      '/admin/settings',
      '/admin/posts/new',
      '/admin/posts/1/edit',
    ]) {
      const visitor = await fetch(server.url + path, { redirect: 'manual' });
      expect(visitor.status, path).toBe(303);
      expect(visitor.headers.get('location'), path).toMatch(/^\/login\?next=/);
      const reader = await fetch(server.url + path, { redirect: 'manual', headers: { cookie: cookie.ann } });
      expect(reader.status, path).toBe(403);
      const author = await fetch(server.url + path, { redirect: 'manual', headers: { cookie: cookie.author } });
      expect(author.status, path).toBe(200);
    }
  });

  it.each(FORMS.filter((f) => f.as === 'author').map((f) => [f.action, f] as const))(
    'refuses %s to readers (403) and visitors (401 or sent to log in)',
    async (_name, form) => {
      const path = `${form.page}?_action=${form.action}`;
      const asReader = await postForm(server.url, path, form.fields, { cookie: cookie.ann });
      expect(asReader.status).toBe(403);
      // The action itself refuses, whatever page (or none) it is posted through.
      const direct = await postForm(server.url, `/_actions/${form.action}`, form.fields, { cookie: cookie.ann });
      expect(direct.status).toBe(403);
      const directVisitor = await postForm(server.url, `/_actions/${form.action}`, form.fields);
      expect(directVisitor.status).toBe(401);
      // Visitors are refused by the action (401); dashboard pages then send them to log in.
      const asVisitor = await postForm(server.url, path, form.fields);
      if (asVisitor.status === 303) expect(asVisitor.headers.get('location')).toMatch(/^\/login\?next=/);
      else expect(asVisitor.status).toBe(401);
    },
  );

  it("refuses to edit or delete someone else's comment", async () => {
    const edit = await postForm(
      server.url,
      `/comments/${ids.annComment}/edit?_action=comments.update`,
      { id: String(ids.annComment), body: 'Ben rewrote this' },
      { cookie: cookie.ben },
    );
    expect(edit.status).toBe(403);
    const remove = await postForm(
      server.url,
      `/comments/${ids.annComment}/delete?_action=comments.remove`,
      { id: String(ids.annComment) },
      { cookie: cookie.ben },
    );
    expect(remove.status).toBe(403);
    for (const [action, fields] of [
      ['comments.update', { id: String(ids.annComment), body: 'Ben rewrote this' }],
      ['comments.remove', { id: String(ids.annComment) }],
    ] as const) {
      expect((await postForm(server.url, `/_actions/${action}`, fields, { cookie: cookie.ben })).status).toBe(403);
    }
    const page = await (await fetch(`${server.url}/posts/ask-what-you-can-do-first`)).text();
    expect(page).toContain('Ann was here');
    expect(page).not.toContain('Ben rewrote this');
  });

  it("refuses to grant someone else's wish or accept offers on it", async () => {
    const grant = await postForm(
      server.url,
      '/wishes?_action=wishes.grant',
      { wish_id: String(ids.annWish), thank_you: 'Not mine to thank' },
      { cookie: cookie.ben },
    );
    expect(grant.status).toBe(403);
    const accept = await postForm(
      server.url,
      '/wishes?_action=wishes.accept',
      { offer_id: String(ids.benOffer), wish_id: String(ids.annWish) },
      { cookie: cookie.ben },
    );
    expect(accept.status).toBe(403);
    // The wisher herself may.
    const own = await postForm(
      server.url,
      '/wishes?_action=wishes.accept',
      { offer_id: String(ids.benOffer), wish_id: String(ids.annWish) },
      { cookie: cookie.ann },
    );
    expect(own.status).toBe(303);
  });

  it('refuses ids from another post or board', async () => {
    const crossPostReply = await postForm(
      server.url,
      '/posts/ask-what-you-can-do-first?_action=comments.create',
      { post_id: '1', parent_id: String(ids.otherPostComment), body: 'A reply across posts' },
      { cookie: cookie.ann },
    );
    expect(crossPostReply.status).toBeGreaterThanOrEqual(400);
    expect(crossPostReply.status).toBeLessThan(500);
    const wrongBoard = await postForm(
      server.url,
      '/wishes?_action=wishes.offer',
      { wish_id: String(ids.annWish), board_date: '2020-01-01', kind: 'skill', body: 'From an old board' },
      { cookie: cookie.ben },
    );
    expect(wrongBoard.status).toBeGreaterThanOrEqual(400);
    expect(wrongBoard.status).toBeLessThan(500);
    const wrongWish = await postForm(
      server.url,
      '/wishes?_action=wishes.accept',
      { offer_id: String(ids.benOffer), wish_id: String(ids.annWish + 1000) },
      { cookie: cookie.ann },
    );
    expect(wrongWish.status).toBeGreaterThanOrEqual(400);
    expect(wrongWish.status).toBeLessThan(500);
  });
});
