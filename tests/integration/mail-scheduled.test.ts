// The wish-day reminder and the weekly digest: on time in the site's zone,
// once per board however many callers race, with this week's prompt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/lib/db.ts';
import { sendWeeklyDigest, sendWishDayReminders, type ScheduleConfig } from '../../src/lib/mail/scheduled.ts';
import { setMailPreference } from '../../src/lib/mail/preferences-repo.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeAccount, makePost } from '../helpers/fixtures.ts';

// Wednesdays in Berlin; 2026-06-03 is a Wednesday (UTC+2 in summer).
const config: ScheduleConfig = { siteUrl: 'http://wishcast.test', siteTimezone: 'Europe/Berlin', wishWeekday: 3 };

describe.each(dbTargets)('reminder and digest on %s', (target) => {
  let t: TestDatabase;
  const people: string[] = [];
  beforeAll(async () => {
    t = await openTestDb(target);
    for (let i = 0; i < 5; i++) {
      const a = await makeAccount(t.db, { name: `Person ${i}` });
      people.push(a.id);
      if (i < 4)
        await t.db.updateTable('users').set({ email_verified_at: new Date() }).where('id', '=', a.id).execute();
    }
    await setMailPreference(t.db, people[0]!, 'wish-day', false);
    await t.db
      .insertInto('prompts')
      .values({ wish_date: '2026-06-03', prompt: 'Who would you like to meet?' })
      .execute();
  });
  afterAll(() => t?.drop());

  const outbox = (kind: string) =>
    t.db
      .selectFrom('outbox')
      .select(['user_id', 'subject', 'text_body', 'headers', 'link'])
      .where('kind', '=', kind)
      .execute();

  it('waits for the wish-day morning in the site zone', async () => {
    expect((await sendWishDayReminders(t.db, new Date('2026-06-02T12:00:00Z'), config)).sent).toBe(false); // Tuesday
    expect((await sendWishDayReminders(t.db, new Date('2026-06-03T04:59:00Z'), config)).sent).toBe(false); // 06:59 local
    expect(await outbox('wish-day')).toEqual([]);
  });

  it('sends the reminder once per board with several concurrent callers', async () => {
    const now = new Date('2026-06-03T05:00:00Z'); // 07:00 in Berlin
    // On PostgreSQL each caller has its own pool, as separate processes would.
    const handles: Db[] = t.url
      ? [0, 1, 2].map(() => createDb({ databaseUrl: t.url!, dataDir: '' }))
      : [t.db, t.db, t.db];
    try {
      const results = await Promise.all(handles.map((db) => sendWishDayReminders(db, now, config)));
      expect(results.filter((r) => r.sent)).toEqual([{ sent: true, recipients: 3 }]);
    } finally {
      if (t.url) await Promise.all(handles.map((db) => db.destroy()));
    }
    expect((await sendWishDayReminders(t.db, new Date('2026-06-03T15:00:00Z'), config)).sent).toBe(false);
    const mails = await outbox('wish-day');
    // Verified people who did not turn it off: persons 1, 2 and 3.
    expect(mails.map((m) => m.user_id).sort()).toEqual([people[1], people[2], people[3]].sort());
    for (const mail of mails) {
      expect(mail.subject).toBe('The wish board is open today: Who would you like to meet?');
      expect(mail.text_body).toContain('http://wishcast.test/wishes');
      // Each has its own unsubscribe link, minted only when it is sent (no token at rest), and Message-ID.
      expect(mail.link).toEqual({ type: 'unsubscribe', recipient: `u:${mail.user_id}`, kind: 'wish-day' });
      expect(mail.headers['List-Unsubscribe']).toBe('<{{LINK}}>');
      expect(mail.text_body).not.toContain('token=');
    }
    expect(new Set(mails.map((m) => m.headers['Message-ID'])).size).toBe(3);
  });

  it('sends the digest the day after, once, with the week in it', async () => {
    await makePost(t.db, { title: 'Fresh this week', slug: 'fresh', publishedAt: new Date('2026-06-01T10:00:00Z') });
    await makePost(t.db, { title: 'Old news', slug: 'old', publishedAt: new Date('2026-04-01T10:00:00Z') });
    const board = await t.db
      .selectFrom('boards')
      .select('id')
      .where('wish_date', '=', '2026-06-03')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('wishes')
      .values({
        board_id: board.id,
        author_name: 'Wendy',
        body_md: 'A **mentor** for <b>pottery</b>',
        body_html: '',
        status: 'approved',
        created_at: new Date('2026-06-03T09:00:00Z'),
      })
      .execute();
    expect((await sendWeeklyDigest(t.db, new Date('2026-06-03T20:00:00Z'), config)).sent).toBe(false); // wish day itself
    expect((await sendWeeklyDigest(t.db, new Date('2026-06-04T06:59:00Z'), config)).sent).toBe(false); // 08:59 local
    const now = new Date('2026-06-04T07:00:00Z');
    const results = await Promise.all([sendWeeklyDigest(t.db, now, config), sendWeeklyDigest(t.db, now, config)]);
    expect(results.filter((r) => r.sent)).toHaveLength(1);
    const mails = await outbox('digest');
    expect(mails).toHaveLength(4); // every verified account (the reminder was turned off, not the digest)
    const text = mails[0]!.text_body;
    expect(text).toContain('Wishes still waiting for support');
    expect(text).toContain('A mentor for pottery (Wendy)');
    expect(text).toContain('Fresh this week');
    expect(text).not.toContain('Old news');
    expect(text).toContain('No wish was marked granted this week.');
  });

  it('says so when the board stayed empty', async () => {
    // The next week's board (2026-06-10) got no wish at all.
    const now = new Date('2026-06-11T07:00:00Z');
    expect((await sendWeeklyDigest(t.db, now, config)).sent).toBe(true);
    const mails = (await outbox('digest')).filter((m) => m.subject.includes('10 June'));
    expect(mails.length).toBeGreaterThan(0);
    expect(mails[0]!.text_body).toContain('This week’s wish board stayed empty: nobody made a wish.');
    expect(mails[0]!.text_body).toContain('No wishes were made on this week’s board.');
    expect(mails[0]!.text_body).not.toContain('Every wish on this week’s board has had an offer');
  });
});
