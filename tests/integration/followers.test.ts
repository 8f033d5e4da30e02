// Issue 26, item 1: following by email without an account. Double opt-in (a
// confirmation mail whose link's POST confirms, with the choices the link
// carries), a new post mailed once to each confirmed follower who chose posts
// (a scheduled post when it comes due), through the outbox with no token at
// rest, and a one-click stop that forgets the address. Through a real SMTP server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../src/lib/errors.ts';
import { LINK_SLOT } from '../../src/lib/mail/compose.ts';
import { mailNewPostsToFollowers } from '../../src/lib/mail/follower-posts.ts';
import {
  confirmFollow,
  findFollower,
  readFollowToken,
  requestFollow,
  setFollowChoices,
  type FollowChoice,
} from '../../src/lib/mail/followers.ts';
import { limitStrangerMail } from '../../src/lib/mail/stranger-limit.ts';
import { createSmtpTransport, type MailTransport } from '../../src/lib/mail/transport.ts';
import { unsubscribe } from '../../src/lib/mail/unsubscribe.ts';
import { drainDueMail } from '../../src/lib/mail/worker.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makePost } from '../helpers/fixtures.ts';
import { TEST_FROM, TEST_MAIL_CONTEXT } from '../helpers/mail.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../helpers/smtp.ts';
import { createClock } from '../helpers/wish-loop.ts';

const SITE = TEST_MAIL_CONTEXT.siteUrl;
const DAY_MS = 86_400_000;

describe.each(dbTargets)('following by email on %s', (target) => {
  let t: TestDatabase;
  let smtp: TestSmtp;
  let transport: MailTransport;
  const clock = createClock();

  beforeAll(async () => {
    t = await openTestDb(target);
    smtp = await startTestSmtp();
    transport = createSmtpTransport(smtp.url);
  });
  afterAll(async () => {
    transport?.close();
    await smtp?.stop();
    await t?.drop();
  });
  beforeEach(() => {
    smtp.messages.length = 0;
    clock.tick(DAY_MS);
  });

  async function delivered(): Promise<ReceivedMail[]> {
    await drainDueMail(t.db, transport, () => clock.now(), { from: TEST_FROM, context: TEST_MAIL_CONTEXT });
    return smtp.messages.splice(0);
  }
  const ask = (email: string, choices: FollowChoice[], ip = '192.0.2.1') =>
    requestFollow(t.db, { email, choices, source: 'form', now: clock.now(), ip }, TEST_MAIL_CONTEXT);
  const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

  /** Asks, receives the confirmation, and confirms with the POST's function. */
  async function follow(email: string, choices: FollowChoice[]): Promise<void> {
    await ask(email, choices);
    const [mail] = (await delivered()).filter((m) => m.to === email);
    const link = smtp.linksIn(mail!).find((l) => l.startsWith(`${SITE}/follow/confirm?token=`))!;
    expect(await confirmFollow(t.db, tokenOf(link), clock.now())).not.toBeNull();
  }

  const publish = (title: string, at = clock.tick()) => makePost(t.db, { title, publishedAt: at });

  it('asks the address to confirm and sends it nothing else until the POST confirms, with the choices it carries', async () => {
    const ada = 'ada@example.org';
    await ask(ada, ['posts', 'digest']);
    const [confirmation, ...more] = await delivered();
    expect(more).toEqual([]);
    expect(confirmation!.to).toBe(ada);
    expect(confirmation!.subject).toBe('Confirm: follow by email');
    const link = smtp.linksIn(confirmation!).find((l) => l.startsWith(`${SITE}/follow/confirm?token=`))!;
    // The outbox kept the slot, never the link.
    const stored = await t.db.selectFrom('outbox').selectAll().where('recipient', '=', ada).execute();
    expect(stored.map((r) => r.text_body.includes(LINK_SLOT))).toEqual([true]);
    expect(stored[0]!.text_body).not.toContain(tokenOf(link));

    expect((await findFollower(t.db, ada))?.confirmedAt).toBeNull();
    await publish('Before confirming');
    await mailNewPostsToFollowers(t.db, clock.now(), TEST_MAIL_CONTEXT);
    expect((await delivered()).filter((m) => m.to === ada)).toEqual([]);

    // An altered token confirms nothing.
    expect(await confirmFollow(t.db, `${tokenOf(link)}x`, clock.now())).toBeNull();
    const confirmed = await confirmFollow(t.db, tokenOf(link), clock.now());
    expect(confirmed?.choices).toEqual(['posts', 'digest']);
    expect(confirmed?.confirmedAt).not.toBeNull();
  });

  it('mails a new post once to each confirmed follower who chose posts, with one-click stop and a link to change', async () => {
    const bea = 'bea@example.org';
    const cy = 'cy@example.org';
    await follow(bea, ['posts']);
    await follow(cy, ['digest']);
    await ask('dee@example.org', ['posts']); // never confirms
    await delivered();

    await publish('Hello followers');
    const first = await mailNewPostsToFollowers(t.db, clock.now(), TEST_MAIL_CONTEXT);
    expect(first.posts).toBe(1);
    const again = await mailNewPostsToFollowers(t.db, clock.tick(), TEST_MAIL_CONTEXT);
    expect(again.posts).toBe(0);
    const mails = (await delivered()).filter((m) => [bea, cy, 'dee@example.org'].includes(m.to));
    expect(mails.map((m) => [m.to, m.subject])).toEqual([[bea, 'Hello followers']]);
    const mail = mails[0]!;
    const stop = /^<(.+)>$/.exec(mail.rawHeaders.get('list-unsubscribe') ?? '')![1]!;
    expect(stop.startsWith(`${SITE}/unsubscribe?token=`)).toBe(true);
    expect(mail.rawHeaders.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const manage = smtp.linksIn(mail).find((l) => l.startsWith(`${SITE}/follow/manage?token=`))!;
    expect(tokenOf(manage)).toBe(tokenOf(stop));
    expect(await readFollowToken(t.db, tokenOf(manage))).toEqual({ type: 'follow-stop', email: bea, choice: 'posts' });
    const stored = await t.db.selectFrom('outbox').select('text_body').where('recipient', '=', bea).execute();
    expect(stored.some((r) => r.text_body.includes(tokenOf(stop)))).toBe(false);

    // One click stops it; with nothing else chosen, the address is forgotten.
    expect(await unsubscribe(t.db, tokenOf(stop), clock.now())).toBe(true);
    expect(await findFollower(t.db, bea)).toBeNull();
    await publish('After stopping');
    await mailNewPostsToFollowers(t.db, clock.now(), TEST_MAIL_CONTEXT);
    expect((await delivered()).filter((m) => m.to === bea)).toEqual([]);
  });

  it('mails a scheduled post when it comes due, not before, and never a post older than a day', async () => {
    const eve = 'eve@example.org';
    await follow(eve, ['posts']);
    await publish('Old news', new Date(clock.now().getTime() - 2 * DAY_MS));
    await publish('Scheduled', new Date(clock.now().getTime() + 3_600_000));
    await mailNewPostsToFollowers(t.db, clock.now(), TEST_MAIL_CONTEXT);
    expect((await delivered()).filter((m) => m.to === eve)).toEqual([]);
    await mailNewPostsToFollowers(t.db, clock.tick(2 * 3_600_000), TEST_MAIL_CONTEXT);
    expect((await delivered()).filter((m) => m.to === eve).map((m) => m.subject)).toEqual(['Scheduled']);
  });

  it('changes the choices from the manage link, and forgets the address when none is left', async () => {
    const fay = 'fay@example.org';
    await follow(fay, ['posts', 'wish-day']);
    await setFollowChoices(t.db, fay, ['digest']);
    expect((await findFollower(t.db, fay))?.choices).toEqual(['digest']);
    await setFollowChoices(t.db, fay, []);
    expect(await findFollower(t.db, fay)).toBeNull();
  });

  it('sends one confirmation a day, counts it as stranger mail, and limits requests per address and per client', async () => {
    const gil = 'gil@example.org';
    await ask(gil, ['posts']);
    await ask(gil, ['digest']);
    expect((await delivered()).filter((m) => m.to === gil)).toHaveLength(1);

    // Its day's share of stranger mail spent elsewhere: no confirmation goes.
    const hal = 'hal@example.org';
    for (let i = 0; i < 3; i++) await limitStrangerMail(t.db, hal, clock.now());
    await ask(hal, ['posts']);
    expect((await delivered()).filter((m) => m.to === hal)).toEqual([]);

    for (let i = 0; i < 3; i++) await ask(gil, ['posts']);
    await expect(ask(gil, ['posts'])).rejects.toBeInstanceOf(RateLimitedError);

    clock.tick(DAY_MS);
    for (let i = 0; i < 10; i++) await ask(`many${i}@example.org`, ['posts'], '198.51.100.7');
    await expect(ask('one-more@example.org', ['posts'], '198.51.100.7')).rejects.toBeInstanceOf(RateLimitedError);
  });
});
