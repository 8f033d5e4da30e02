// Who may use the wish loop's actions, tried for each of them over HTTP: a
// visitor without a link is refused (401), another reader is refused (403), a
// manage link acts on its own wish or offer only, and only from its own page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/db.ts';
import { moderate } from '../../src/lib/wishes/moderation.ts';
import { acceptOffer } from '../../src/lib/wishes/loop/outcomes.ts';
import { postOffer, postWish } from '../../src/lib/wishes/service.ts';
import { wishSchedule } from '../../src/lib/schedule/week.ts';
import { FORMS } from '../helpers/forms.ts';
import { cookieFrom, dbTargets, postForm, startSampleSite, stopSampleSite } from '../helpers/site.ts';
import type { RunningServer, TestSite } from '../helpers/server.ts';
import { todayIsoUtc, todayWeekdayUtc, waitOutMidnight } from '../helpers/time.ts';
import { createConfirmedAccount } from '../helpers/fixtures.ts';

const PASSWORD = 'loop authorization pw';
// Replacing a link needs one; "lost your link?" is for anyone (it mails only the address that wished or offered).
const OPEN_OR_LINK_ONLY = ['wishLoop.replaceLink', 'wishLoop.lostLink'];
const LOOP_ACTIONS = FORMS.filter((f) => f.action.startsWith('wishLoop.') && !OPEN_OR_LINK_ONLY.includes(f.action));

describe.each(dbTargets)('wish loop authorization on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  const cookie = { ann: '', ben: '', cat: '' };
  const ids = { annWish: 0, benOffer: 0, veraWish: 0 };
  let veraToken = '';
  const page = () => `/wishes/${todayIsoUtc()}/${ids.annWish}`;
  /** Valid fields for each action, aimed at Ann's wish and Ben's accepted offer. */
  const fieldsFor = (action: string): Record<string, string> => {
    const form = FORMS.find((f) => f.action === action)!;
    const fields = { ...form.fields };
    if ('wish_id' in fields) fields.wish_id = String(ids.annWish);
    if ('offer_id' in fields) fields.offer_id = String(ids.benOffer);
    return fields;
  };

  async function seed(db: Db) {
    const user = async (name: string) => {
      const a = await createConfirmedAccount(db, {
        name,
        email: `${name.toLowerCase()}@example.test`,
        password: PASSWORD,
      });
      return { id: a.id, name: a.name, role: a.role };
    };
    const [ann, ben] = [await user('Ann'), await user('Ben')];
    await user('Cat');
    const now = new Date();
    const context = {
      now,
      schedule: wishSchedule({ siteTimezone: 'UTC', wishWeekday: ((now.getUTCDay() + 6) % 7) + 1 }),
      rateLimitFactor: 1000,
    };
    const as = (u: typeof ann | null, hash: string | null = null) => ({ user: u, ip: null, visitorTokenHash: hash });
    const board = todayIsoUtc();
    ids.annWish = (await postWish(db, as(ann), { board_date: board, body: 'Ann wishes for a garden' }, context)).wishId;
    const offer = { wish_id: ids.annWish, kind: 'introduction', body: 'I know a garden club' };
    ids.benOffer = (await postOffer(db, as(ben), offer, context)).offerId;
    await acceptOffer(
      db,
      { user: ann, link: null },
      { offer_id: ids.benOffer },
      { ...context, siteUrl: '', sendMail: null },
    );
    const vera = await postWish(
      db,
      as(null, 'vera'),
      { board_date: board, body: 'Vera wishes', name: 'Vera', email: 'vera@example.org' },
      context,
    );
    await moderate(db, { target: 'wish', id: vera.wishId, status: 'approved' }, context);
    ids.veraWish = vera.wishId;
    veraToken = vera.manageToken!;
  }

  beforeAll(async () => {
    await waitOutMidnight(2 * 60_000);
    ({ site, server } = await startSampleSite(target, {
      seed,
      env: { WISH_DAY: todayWeekdayUtc(), SITE_TIMEZONE: 'UTC', RATE_LIMIT_FACTOR: '1000' },
    }));
    for (const name of ['ann', 'ben', 'cat'] as const) {
      const res = await postForm(server.url, '/login?_action=auth.logIn', {
        email: `${name}@example.test`,
        password: PASSWORD,
      });
      cookie[name] = cookieFrom(res);
    }
  });
  afterAll(() => stopSampleSite(site, server));

  it.each(LOOP_ACTIONS.map((f) => [f.action] as const))(
    'refuses %s to visitors without a link (401), other readers (403) and another wish’s link (403)',
    async (action) => {
      const fields = fieldsFor(action);
      expect((await postForm(server.url, `${page()}?_action=${action}`, fields)).status).toBe(401);
      expect((await postForm(server.url, `/_actions/${action}`, fields)).status).toBe(401);
      const asCat = await postForm(server.url, `${page()}?_action=${action}`, fields, { cookie: cookie.cat });
      expect(asCat.status).toBe(403);
      expect((await postForm(server.url, `/_actions/${action}`, fields, { cookie: cookie.cat })).status).toBe(403);
      const viaVera = await postForm(server.url, `/wishes/manage/${veraToken}?_action=${action}`, fields);
      expect(viaVera.status).toBe(403);
      // A made-up link is no link at all.
      const forged = await postForm(server.url, `/wishes/manage/${'B'.repeat(43)}?_action=${action}`, fields);
      expect(forged.status).toBe(401);
    },
  );

  it('refuses accepting and granting through a link for another wish, and through /_actions without one', async () => {
    for (const action of ['wishes.accept', 'wishes.grant']) {
      const fields = { wish_id: String(ids.annWish), offer_id: String(ids.benOffer), thank_you: 'Not mine' };
      expect((await postForm(server.url, `/wishes/manage/${veraToken}?_action=${action}`, fields)).status).toBe(403);
      expect((await postForm(server.url, `/_actions/${action}`, fields)).status).toBe(401);
    }
  });

  it('lets the owners act: the offerer writes, the wisher shares and edits', async () => {
    const message = await postForm(
      server.url,
      `${page()}?_action=wishLoop.message`,
      { offer_id: String(ids.benOffer), body: 'Hello Ann' },
      { cookie: cookie.ben },
    );
    expect(message.status).toBe(303);
    expect(message.headers.get('location')).toBe(`${page()}#thread-${ids.benOffer}`);
    const share = await postForm(server.url, `${page()}?_action=wishLoop.share`, fieldsFor('wishLoop.share'), {
      cookie: cookie.ann,
    });
    expect(share.status).toBe(303);
    const edit = await postForm(server.url, `${page()}?_action=wishLoop.editWish`, fieldsFor('wishLoop.editWish'), {
      cookie: cookie.ann,
    });
    expect(edit.status).toBe(303);
    const asBen = await (await fetch(server.url + page(), { headers: { cookie: cookie.ben } })).text();
    expect(asBen).toContain('ann@example.test');
    expect(asBen).toContain('I wish to find a mentor, soon');
  });

  it('replaces a manage link only through that link', async () => {
    const path = '?_action=wishLoop.replaceLink';
    expect((await postForm(server.url, `/wishes${path}`, { confirm: 'yes' })).status).toBe(401);
    expect((await postForm(server.url, `${page()}${path}`, { confirm: 'yes' }, { cookie: cookie.cat })).status).toBe(
      400,
    );
    const replaced = await postForm(server.url, `/wishes/manage/${veraToken}${path}`, { confirm: 'yes' });
    expect(replaced.status).toBe(303);
    const next = replaced.headers.get('location')!;
    expect(next).toMatch(/^\/wishes\/manage\/[A-Za-z0-9_-]{43}\?new=1#manage-link$/);
    expect((await fetch(`${server.url}/wishes/manage/${veraToken}`)).status).toBe(404);
    const fresh = await fetch(server.url + next.split('#')[0]!);
    expect(fresh.status).toBe(200);
    expect(await fresh.text()).toContain('Vera wishes');
  });
});
