// Issue 26, item 1: the author's list of followers by email: counts (confirmed
// and waiting), a search that takes LIKE's characters literally, pages, removal
// (with the mail still queued for the address), the export read in chunks, and
// the CSV import: refused without the author's statement, one confirmation per new address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countFollowers, eachFollower, listFollowers, removeFollower } from '../../src/lib/mail/followers-admin.ts';
import { ValidationError } from '../../src/lib/errors.ts';
import { importFollowers } from '../../src/lib/mail/followers-import.ts';
import { TEST_MAIL_CONTEXT } from '../helpers/mail.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';

const NOW = new Date('2026-11-25T09:00:00Z');

describe.each(dbTargets)('followers by email, as the author sees them, on %s', (target) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDb(target);
    const rows = ['ann@example.org', 'a_b@example.org', 'axb@example.org', 'cy@example.net'].map((email, i) => ({
      email,
      source: 'form' as const,
      created_at: NOW,
      confirmed_at: i === 3 ? null : NOW,
      wants_posts: i !== 3,
    }));
    await t.db.insertInto('followers').values(rows).execute();
    await t.db
      .insertInto('outbox')
      .values({
        recipient: 'ann@example.org',
        kind: 'follow-posts',
        subject: 'A post',
        text_body: 'x',
        html_body: 'x',
        headers: '{}',
        message_id: '<queued@follow.test>',
      })
      .execute();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('counts confirmed and waiting addresses', async () => {
    expect(await countFollowers(t.db)).toEqual({ confirmed: 3, waiting: 1 });
  });

  it('searches addresses with "_" and "%" taken as they are, and pages by id', async () => {
    expect((await listFollowers(t.db, { query: 'a_b' })).items.map((f) => f.email)).toEqual(['a_b@example.org']);
    expect((await listFollowers(t.db, { query: '100%' })).items).toEqual([]);
    const first = await listFollowers(t.db, { limit: 3 });
    expect(first.items).toHaveLength(3);
    const rest = await listFollowers(t.db, { limit: 3, after: first.nextAfter });
    expect(rest.items.map((f) => f.email)).toEqual(['cy@example.net']);
    expect(rest.nextAfter).toBeNull();
  });

  it('removes an address and the mail still waiting for it', async () => {
    expect(await removeFollower(t.db, ' ANN@example.org ')).toBe(true);
    const waiting = await t.db.selectFrom('outbox').select('id').where('recipient', '=', 'ann@example.org').execute();
    expect(waiting).toEqual([]);
    const all: string[] = [];
    for await (const f of eachFollower(t.db)) all.push(f.email);
    expect(all).toEqual(['a_b@example.org', 'axb@example.org', 'cy@example.net']);
  });

  it('imports a CSV only with the statement, asking each new address once and nobody who follows already', async () => {
    const csv = [
      'Name,Email',
      '"Doe, Dan",dan@example.org',
      'Eve,EVE@example.org',
      'Again,eve@example.org',
      'Nobody,not an address',
      'Already,axb@example.org',
    ].join('\n');
    const input = { csv, choices: ['posts' as const], now: NOW };
    await expect(importFollowers(t.db, { ...input, agreed: false }, TEST_MAIL_CONTEXT)).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await t.db.selectFrom('followers').select('id').where('email', '=', 'dan@example.org').execute()).toEqual(
      [],
    );

    const summary = await importFollowers(t.db, { ...input, agreed: true }, TEST_MAIL_CONTEXT);
    expect(summary).toEqual({ asked: 2, alreadyFollowing: 1, notAddresses: 1, limited: 0 });
    const asked = await t.db
      .selectFrom('outbox')
      .select(['recipient', 'kind'])
      .where('kind', '=', 'follow-confirm')
      .orderBy('recipient')
      .execute();
    expect(asked).toEqual([
      { recipient: 'dan@example.org', kind: 'follow-confirm' },
      { recipient: 'eve@example.org', kind: 'follow-confirm' },
    ]);
    const dan = await t.db
      .selectFrom('followers')
      .selectAll()
      .where('email', '=', 'dan@example.org')
      .executeTakeFirst();
    expect(dan).toMatchObject({ source: 'import', confirmed_at: null });
  });
});
