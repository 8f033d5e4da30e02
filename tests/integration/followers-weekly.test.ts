// Issue 26, item 1: followers by email who chose the wish-day reminder or the
// weekly digest get it in the same run as members (once per board), each copy
// with its own stop link (minted at send time) and the link to change choices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_SLOT } from '../../src/lib/mail/compose.ts';
import { sendWeeklyDigest, sendWishDayReminders, type ScheduleConfig } from '../../src/lib/mail/scheduled.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';

// Wednesdays in Berlin; 2026-06-03 is a Wednesday.
const config: ScheduleConfig = { siteUrl: 'http://wishcast.test', siteTimezone: 'Europe/Berlin', wishWeekday: 3 };
const AT = new Date('2026-05-01T00:00:00Z');

describe.each(dbTargets)('the weekly mail to followers by email on %s', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDb(target);
    await t.db
      .insertInto('followers')
      .values([
        { email: 'wednesday@example.org', source: 'form', created_at: AT, confirmed_at: AT, wants_wish_day: true },
        { email: 'digest@example.org', source: 'form', created_at: AT, confirmed_at: AT, wants_digest: true },
        { email: 'unconfirmed@example.org', source: 'form', created_at: AT, wants_wish_day: true, wants_digest: true },
      ])
      .execute();
  });
  afterAll(() => t?.drop());

  const outbox = (kind: string) =>
    t.db.selectFrom('outbox').select(['recipient', 'text_body', 'link']).where('kind', '=', kind).execute();

  it('sends the reminder once to the confirmed followers who chose it', async () => {
    expect((await sendWishDayReminders(t.db, new Date('2026-06-03T05:00:00Z'), config)).sent).toBe(true);
    expect((await sendWishDayReminders(t.db, new Date('2026-06-03T06:00:00Z'), config)).sent).toBe(false);
    const mails = await outbox('follow-wish-day');
    expect(mails.map((m) => [m.recipient, m.link])).toEqual([
      ['wednesday@example.org', { type: 'follow-stop', email: 'wednesday@example.org', choice: 'wish-day' }],
    ]);
    expect(mails[0]!.text_body).toContain(`http://wishcast.test/follow/manage?token=${TOKEN_SLOT}`);
    expect(mails[0]!.text_body).toContain('you follow this site by email and chose the wish-day reminder');
  });

  it('sends the digest the next day to the confirmed followers who chose it', async () => {
    expect((await sendWeeklyDigest(t.db, new Date('2026-06-04T07:00:00Z'), config)).sent).toBe(true);
    const mails = await outbox('follow-digest');
    expect(mails.map((m) => m.recipient)).toEqual(['digest@example.org']);
  });
});
