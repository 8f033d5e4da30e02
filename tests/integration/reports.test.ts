// Readers' reports: one per reader and item, counted by distinct readers; at
// the threshold (a setting, default 3) the item is hidden until a moderator
// decides, which closes its reports; the queue names reasons, never reporters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDecision } from '../../src/lib/comments/moderation.ts';
import { createComment } from '../../src/lib/comments/service.ts';
import { readVersionDelta } from '../../src/lib/content/version.ts';
import { NotFoundError, ValidationError } from '../../src/lib/errors.ts';
import { fileReport, listReported, resolveReports } from '../../src/lib/moderation/reports.ts';
import { updateSettings } from '../../src/lib/settings/settings.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeConfirmedAccount, makePost } from '../helpers/fixtures.ts';

describe.each(dbTargets)('reports on %s', (target) => {
  let t: TestDatabase;
  let clock = Date.parse('2026-03-01T12:00:00Z');
  const tick = () => new Date((clock += 60_000));
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());

  it('hides a comment when three distinct readers report it, until a moderator decides; reporters stay unnamed', async () => {
    const ann = await makeConfirmedAccount(t.db, { name: 'Ann' });
    const post = await makePost(t.db, { title: 'Reported' });
    const made = await createComment(
      t.db,
      { post_id: String(post.id), body: 'You are all fools' },
      { user: { id: ann.id, name: ann.name, role: ann.role }, ip: null, visitorTokenHash: null },
      tick(),
      { rateLimitFactor: 1000 },
    );
    expect(made.status).toBe('approved');
    const id = String(made.id);
    const status = async () =>
      (await t.db.selectFrom('comments').select('status').where('id', '=', made.id!).executeTakeFirstOrThrow()).status;

    await expect(
      fileReport(t.db, { visitorTokenHash: 'v1' }, { target: 'comment', id, reason: 'rude' }, tick()),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(
      await fileReport(t.db, { visitorTokenHash: 'v1' }, { target: 'comment', id, reason: 'unkind' }, tick()),
    ).toMatchObject({ hidden: false });
    // The same reader again, with another reason: still one reader.
    await fileReport(t.db, { visitorTokenHash: 'v1' }, { target: 'comment', id, reason: 'spam' }, tick());
    await fileReport(t.db, { userId: ann.id }, { target: 'comment', id, reason: 'unkind', note: 'Mean' }, tick());
    expect(await status()).toBe('approved');
    const before = await readVersionDelta(t.db, null);
    expect(
      await fileReport(t.db, { visitorTokenHash: 'v2' }, { target: 'comment', id, reason: 'other' }, tick()),
    ).toMatchObject({ hidden: true });
    expect(await status()).toBe('pending');
    // Every process sees it hidden on its next request.
    const after = await readVersionDelta(t.db, before.version);
    expect(after.changed.map(([scope]) => scope)).toContain(`post:${post.id}`);

    const queue = await listReported(t.db);
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ target: 'comment', readers: 3, status: 'pending', notes: ['Mean'] });
    expect(queue[0]!.reasons).toEqual(
      expect.arrayContaining([
        { reason: 'unkind', label: 'Unkind or hurtful', count: 2 },
        { reason: 'other', label: 'Something else', count: 1 },
      ]),
    );
    expect(JSON.stringify(queue)).not.toMatch(/v1|v2|Ann'|u:/);

    // Hidden: nobody can report it now. The moderator keeps it: its reports close.
    await expect(
      fileReport(t.db, { visitorTokenHash: 'v3' }, { target: 'comment', id, reason: 'spam' }, tick()),
    ).rejects.toBeInstanceOf(NotFoundError);
    await applyDecision(t.db, [made.id!], 'approve', tick());
    await resolveReports(t.db, 'comment', [made.id!], tick());
    expect(await status()).toBe('approved');
    expect(await listReported(t.db)).toEqual([]);
    // A new report counts afresh; the threshold is a setting.
    await updateSettings(t.db, { reportThreshold: 1 });
    expect(
      await fileReport(t.db, { visitorTokenHash: 'v4' }, { target: 'comment', id, reason: 'spam' }, tick()),
    ).toMatchObject({ hidden: true });
  });
});
