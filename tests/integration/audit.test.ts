// The audit trail: lines recorded with who, what, when and from where, read a
// page at a time newest first, kept a year and no longer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_PAGE_SIZE, listAudit, pruneAudit, recordAudit } from '../../src/lib/audit/audit.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeAccount } from '../helpers/fixtures.ts';

describe.each(dbTargets)('the audit trail on %s', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());

  it('records who, what, when and from where, newest first, a page at a time, and keeps the name after the account goes', async () => {
    const author = await makeAccount(t.db, { name: 'Ada', role: 'author' });
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < AUDIT_PAGE_SIZE + 2; i++) {
      await recordAudit(
        t.db,
        { id: author.id, name: author.name },
        { action: 'comment.approve', subject: `comment ${i}` },
        { now: new Date(start + i * 60_000), ip: '203.0.113.7' },
      );
    }
    const first = await listAudit(t.db, { page: 1 });
    expect(first.lines).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.hasMore).toBe(true);
    expect(first.lines[0]).toMatchObject({
      actorName: 'Ada',
      action: 'comment.approve',
      subject: `comment ${AUDIT_PAGE_SIZE + 1}`,
      ip: '203.0.113.7',
    });
    const second = await listAudit(t.db, { page: 2 });
    expect(second.lines.map((l) => l.subject)).toEqual(['comment 1', 'comment 0']);
    expect(second.hasMore).toBe(false);

    await t.db.deleteFrom('users').where('id', '=', author.id).execute();
    expect((await listAudit(t.db, { page: 2 })).lines[0]?.actorName).toBe('Ada');
  });

  it('prunes lines older than 365 days and keeps the rest', async () => {
    await t.db.deleteFrom('audit_log').execute();
    const now = new Date('2027-06-01T12:00:00Z');
    const old = new Date(now.getTime() - 366 * 86_400_000);
    const recent = new Date(now.getTime() - 364 * 86_400_000);
    const who = { id: null, name: 'command line' };
    await recordAudit(t.db, who, { action: 'post.delete', subject: 'post 1' }, { now: old, ip: null });
    await recordAudit(t.db, who, { action: 'post.delete', subject: 'post 2' }, { now: recent, ip: null });
    expect(await pruneAudit(t.db, now)).toBe(1);
    expect((await listAudit(t.db, { page: 1 })).lines.map((l) => l.subject)).toEqual(['post 2']);
  });
});
