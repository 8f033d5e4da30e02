// Mail says the site's name, not "Wishcast" (issue 27): the name set in Settings is
// written into each mail when it is queued (one mail, or a copy per follower),
// and a MAIL_FROM without a display name goes out under it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SITE_NAME_SLOT } from '../../src/lib/mail/compose.ts';
import { queueToFollowers } from '../../src/lib/mail/follower-outbox.ts';
import { enqueueMail } from '../../src/lib/mail/outbox-repo.ts';
import { createSmtpTransport, type MailTransport } from '../../src/lib/mail/transport.ts';
import { deliverDueMail } from '../../src/lib/mail/worker.ts';
import { updateSettings } from '../../src/lib/settings/settings.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { TEST_MAIL_CONTEXT, testMail } from '../helpers/mail.ts';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.ts';

const T0 = new Date('2026-06-03T08:00:00Z');

describe.each(dbTargets)("the site's name in mail on %s", (target) => {
  let t: TestDatabase;
  let smtp: TestSmtp;
  let transport: MailTransport;
  beforeAll(async () => {
    t = await openTestDb(target);
    smtp = await startTestSmtp();
    transport = createSmtpTransport(smtp.url, { maxConnections: 1 });
  });
  afterAll(async () => {
    transport?.close();
    await smtp?.stop();
    await t?.drop();
  });
  beforeEach(async () => {
    await t.db.deleteFrom('outbox').execute();
    smtp.messages.length = 0;
  });

  const stored = () => t.db.selectFrom('outbox').select(['subject', 'text_body', 'html_body']).execute();

  it('writes the name of the moment into a queued mail, its subject and its footer', async () => {
    await enqueueMail(t.db, testMail(1, { subject: `Hello from ${SITE_NAME_SLOT}` }));
    await updateSettings(t.db, { siteName: 'Krista & Co' });
    await enqueueMail(t.db, testMail(2, { subject: `Hello from ${SITE_NAME_SLOT}` }));
    const [first, second] = await stored();
    expect(first!.subject).toBe('Hello from Wishcast');
    expect(second!.subject).toBe('Hello from Krista & Co');
    expect(second!.text_body).toContain('Krista & Co · http://wishcast.test');
    expect(second!.html_body).toContain('Krista &amp; Co');
    expect(JSON.stringify([first, second])).not.toContain(SITE_NAME_SLOT);
  });

  it('fills the name into every follower copy of one mail', async () => {
    await updateSettings(t.db, { siteName: 'Letters from Krista' });
    await t.db
      .insertInto('followers')
      .values({ email: 'f1@example.test', confirmed_at: T0, created_at: T0, wants_posts: true, source: 'form' })
      .execute();
    const mail = testMail(3, { subject: `New on ${SITE_NAME_SLOT}` });
    await queueToFollowers(t.db, { choice: 'posts', mail, dedupePrefix: 'site-name', context: TEST_MAIL_CONTEXT });
    const rows = await stored();
    expect(rows.map((r) => r.subject)).toEqual(['New on Letters from Krista']);
    expect(rows[0]!.text_body).toContain('Letters from Krista · http://wishcast.test');
  });

  it('sends a bare MAIL_FROM address under the site name', async () => {
    await updateSettings(t.db, { siteName: 'Letters from Krista' });
    await enqueueMail(t.db, testMail(4));
    const report = await deliverDueMail(t.db, transport, T0, { from: 'desk@wishcast.test', log: () => {} });
    expect(report.sent).toBe(1);
    const [got] = await smtp.waitFor(1);
    expect(got!.raw).toMatch(/^From: "?Letters from Krista"? <desk@wishcast\.test>/m);
  });
});
