// Moving out and back: the WXR export of a site, imported into an empty
// database, exports to the same file; the JSON export holds everything
// (accounts without password hashes, threads, boards, wishes, offers, cheers).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSampleSite } from '../../scripts/sample-site.ts';
import { importBlogger } from '../../src/lib/import/blogger/import.ts';
import { exportSite } from '../../src/lib/import/export/index.ts';
import { textChunks } from '../../src/lib/import/input.ts';
import { importWordPress } from '../../src/lib/import/wordpress/import.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';

const NOW = new Date('2026-12-02T10:00:00Z');
const site = { siteUrl: 'https://wishes.example.org/', timeZone: 'Europe/Berlin', now: NOW };
const options = { now: NOW, timeZone: 'Europe/Berlin', authorId: null };

async function collect(stream: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk;
  return text;
}

describe.each(dbTargets)('export on %s', (target) => {
  let first: TestDatabase;
  let second: TestDatabase;
  beforeAll(async () => {
    [first, second] = await Promise.all([openTestDb(target), openTestDb(target)]);
  });
  afterAll(async () => {
    await Promise.all([first?.drop(), second?.drop()]);
  });

  it('round-trips through WXR: export → import into an empty site → export gives the same file', async () => {
    await importWordPress(
      first.db,
      textChunks(readFileSync('tests/fixtures/wordpress/wordpress-6.1.xml', 'utf8')),
      options,
    );
    await importBlogger(
      first.db,
      textChunks(readFileSync('tests/fixtures/blogger/blog-11-27-2026.xml', 'utf8')),
      options,
    );
    const exported = await collect(await exportSite(first.db, 'wxr', site));
    expect(exported).toContain('<wp:comment_approved>trash</wp:comment_approved>');
    expect(exported).toContain('<wp:comment_approved>0</wp:comment_approved>');
    expect(exported).toContain('<wp:status>future</wp:status>');

    const summary = await importWordPress(second.db, textChunks(exported), options);
    expect(summary.counts.post.created).toBe(9);
    expect(summary.counts.page.created).toBe(7);
    expect(summary.counts.comment.created).toBe(10);
    expect(await collect(await exportSite(second.db, 'wxr', site))).toBe(exported);
  });

  it('exports everything as documented JSON, without password hashes', async () => {
    await seedSampleSite(second.db, NOW, { timeZone: 'UTC', wishWeekday: NOW.getUTCDay() || 7 });
    // A reply that came from the fediverse keeps its Note and writer in the export, so a moved site still knows it.
    const remote = { noteId: 'https://social.example/users/ann/notes/1', actorId: 'https://social.example/users/ann' };
    const first = await second.db.selectFrom('comments').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
    await second.db
      .updateTable('comments')
      .set({ fediverse_note_id: remote.noteId, fediverse_actor_id: remote.actorId })
      .where('id', '=', first.id)
      .execute();
    const text = await collect(await exportSite(second.db, 'json', site));
    expect(text).not.toMatch(/\$argon2|password_?hash/i);
    const data = JSON.parse(text);
    expect(data).toMatchObject({ format: 'wishcast-export', version: 1, site: { url: 'https://wishes.example.org' } });
    expect(data.accounts.map((a: { email: string }) => a.email)).toContain('author@sample.test');
    expect(Object.keys(data.accounts[0]).sort()).toEqual(['createdAt', 'email', 'id', 'name', 'role', 'wishReminder']);
    const post = data.posts.find((p: { slug: string }) => p.slug === 'gruse-aus-koln');
    expect(post.comments.map((c: { status: string }) => c.status)).toEqual([
      'approved',
      'approved',
      'approved',
      'pending',
      'deleted',
      'approved',
    ]);
    const byId = new Map(post.comments.map((c: { id: number; authorName: string }) => [c.id, c.authorName]));
    expect(post.comments.map((c: { parentId: number | null }) => (c.parentId ? byId.get(c.parentId) : null))).toEqual([
      null,
      'Jürgen Groß',
      'Krista Nováková',
      null,
      null,
      'Regretful Rita',
    ]);
    const exported = data.posts.flatMap((p: { comments: { id: number; fediverse: unknown }[] }) => p.comments);
    expect(exported.find((c: { id: number }) => c.id === first.id).fediverse).toEqual(remote);
    expect(exported.filter((c: { fediverse: unknown }) => c.fediverse !== null)).toHaveLength(1);
    expect(data.boards.length).toBeGreaterThan(0);
    expect(data.wishes.length).toBeGreaterThan(0);
    expect(data.wishes.some((w: { offers: unknown[] }) => w.offers.length > 0)).toBe(true);
    expect(data.wishes.some((w: { cheers: unknown[] }) => w.cheers.length > 0)).toBe(true);
    expect(data.pages.map((p: { slug: string }) => p.slug)).toContain('about');
  });
});
