// Issue 26, item 1: a follower's address is personal data. A member who follows
// with their account's address finds it in their data download, and it goes when
// the account does; a follower's "delete my address" (from any mail's link)
// leaves nothing of them, not even mail still waiting to go.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetFollower, findFollower } from '../../src/lib/mail/followers.ts';
import { exportAccountData } from '../../src/lib/people/export.ts';
import { deleteAccount } from '../../src/lib/people/leave.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { createConfirmedAccount, TEST_PASSWORD } from '../helpers/fixtures.ts';

const AT = new Date('2026-05-01T00:00:00Z');

describe.each(dbTargets)("a follower's address as personal data on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());

  const follow = (email: string) =>
    t.db
      .insertInto('followers')
      .values({ email, source: 'account', created_at: AT, confirmed_at: AT, wants_digest: true })
      .execute();

  it("is in the member's data download and goes with the account", async () => {
    const ivy = await createConfirmedAccount(t.db, { name: 'Ivy', email: 'ivy@example.org', password: TEST_PASSWORD });
    await follow('ivy@example.org');
    const data = (await exportAccountData(t.db, ivy.id, AT))!;
    expect(data.following_by_email).toMatchObject({ email: 'ivy@example.org', wants_digest: true, source: 'account' });

    await deleteAccount(t.db, ivy.id, { password: TEST_PASSWORD, comments: 'keep', confirm: 'yes' }, AT);
    expect(await findFollower(t.db, 'ivy@example.org')).toBeNull();
  });

  it('is gone, with the mail still waiting for it, when the follower deletes it', async () => {
    await follow('jon@example.org');
    await t.db
      .insertInto('outbox')
      .values({
        recipient: 'jon@example.org',
        kind: 'follow-digest',
        subject: 'The digest',
        text_body: 'x',
        html_body: 'x',
        headers: '{}',
        message_id: '<digest@follow.test>',
      })
      .execute();
    expect(await forgetFollower(t.db, 'jon@example.org')).toBe(true);
    expect(await findFollower(t.db, 'jon@example.org')).toBeNull();
    expect(await t.db.selectFrom('outbox').select('id').where('recipient', '=', 'jon@example.org').execute()).toEqual(
      [],
    );
  });
});
