// Revisions of posts and pages: each save kept with who and when, compared line
// by line, restored (as a new revision), pruned past 50. PGlite always; PostgreSQL too when set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restorePostRevision, submitPostForm, type EditorResult } from '../../src/lib/posts/service.ts';
import type { RawPostForm } from '../../src/lib/posts/input.ts';
import { findPostById } from '../../src/lib/posts/view.ts';
import { findPageById, restorePageRevision, savePageForm } from '../../src/lib/pages/service.ts';
import { keepRevision, listRevisions, REVISIONS_KEPT } from '../../src/lib/revisions/revisions.ts';
import { loadComparison } from '../../src/lib/revisions/view.ts';
import { DomainError } from '../../src/lib/errors.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeAccount } from '../helpers/fixtures.ts';

const NOW = new Date('2026-11-23T12:00:00Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function form(overrides: Partial<RawPostForm> = {}): RawPostForm {
  return {
    title: 'First title',
    slug: null,
    body: 'Line one.\n\nLine two.',
    excerpt: null,
    tags: '',
    comments_closed: null,
    publish_at: null,
    intent: 'publish',
    ...overrides,
  };
}

function saved(result: EditorResult) {
  if (result.kind !== 'saved') throw new Error('expected a save');
  return result.post;
}

describe.each(dbTargets)('revisions on %s', (target) => {
  let t: TestDatabase;
  let authorId: string;
  const submit = (input: RawPostForm, postId: number | null, now: Date) =>
    submitPostForm(t.db, input, { postId, authorId, now, timeZone: 'UTC' });

  beforeAll(async () => {
    t = await openTestDb(target);
    authorId = (await makeAccount(t.db, { role: 'author', name: 'Ada Author' })).id;
  });
  afterAll(() => t?.drop());

  it('keeps each save with who and when, compares two, and restores an earlier one as a new revision', async () => {
    const post = saved(await submit(form(), null, NOW));
    await submit(form({ title: 'Second title', body: 'Line one.\n\nLine 2, <b>bold</b>.' }), post.id, later(5));
    const subject = { kind: 'post', id: post.id } as const;
    const [newest, first] = await listRevisions(t.db, subject);
    expect(newest).toMatchObject({ title: 'Second title', authorName: 'Ada Author', kind: 'save', savedAt: later(5) });
    expect(first).toMatchObject({ title: 'First title', savedAt: NOW });

    const comparison = (await loadComparison(t.db, subject, newest!.id, first!.id))!;
    expect(comparison.before.id).toBe(first!.id);
    expect(comparison.lines).toContainEqual({ change: 'removed', text: 'Line two.' });
    // Text, as written: the page escapes it.
    expect(comparison.lines).toContainEqual({ change: 'added', text: 'Line 2, <b>bold</b>.' });
    expect(comparison.lines).toContainEqual({ change: 'same', text: 'Line one.' });

    await restorePostRevision(t.db, post.id, first!.id, { authorId, now: later(10) });
    const restored = (await findPostById(t.db, post.id))!;
    expect(restored).toMatchObject({ title: 'First title', bodyMd: 'Line one.\n\nLine two.', status: 'published' });
    expect(restored.bodyHtml).toContain('Line two.');
    const afterRestore = await listRevisions(t.db, subject);
    expect(afterRestore).toHaveLength(3);
    expect(afterRestore[0]).toMatchObject({ kind: 'restore', title: 'First title', savedAt: later(10) });
  });

  it("refuses another post's revision, and a comparison across posts is not found", async () => {
    const a = saved(await submit(form({ title: 'A' }), null, NOW));
    const b = saved(await submit(form({ title: 'B' }), null, NOW));
    const [revisionOfB] = await listRevisions(t.db, { kind: 'post', id: b.id });
    const [revisionOfA] = await listRevisions(t.db, { kind: 'post', id: a.id });
    const refused = await restorePostRevision(t.db, a.id, revisionOfB!.id, { authorId, now: NOW }).catch((e) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(await loadComparison(t.db, { kind: 'post', id: a.id }, revisionOfA!.id, revisionOfB!.id)).toBeNull();
  });

  it('keeps the newest 50 per post', async () => {
    const post = saved(await submit(form({ title: 'Many' }), null, NOW));
    const subject = { kind: 'post', id: post.id } as const;
    for (let i = 1; i <= REVISIONS_KEPT + 5; i++)
      await keepRevision(
        t.db,
        subject,
        { title: `Save ${i}`, bodyMd: 'x', excerpt: null },
        { authorId, now: later(i) },
      );
    const kept = await listRevisions(t.db, subject);
    expect(kept).toHaveLength(REVISIONS_KEPT);
    expect(kept[0]!.title).toBe(`Save ${REVISIONS_KEPT + 5}`);
    expect(kept.at(-1)!.title).toBe('Save 6');
    const stored = await t.db.selectFrom('revisions').select('id').where('post_id', '=', post.id).execute();
    expect(stored).toHaveLength(REVISIONS_KEPT);
  });

  it('keeps and restores revisions of pages', async () => {
    const pageForm = (title: string, body: string) => ({
      title,
      slug: null,
      body,
      show_in_menu: null,
      menu_order: '0',
      intent: 'publish',
    });
    const page = await savePageForm(t.db, pageForm('About', 'Old words.'), { pageId: null, now: NOW, authorId });
    await savePageForm(t.db, pageForm('About me', 'New words.'), { pageId: page.id, now: later(1), authorId });
    const revisions = await listRevisions(t.db, { kind: 'page', id: page.id });
    expect(revisions.map((r) => r.title)).toEqual(['About me', 'About']);
    await restorePageRevision(t.db, page.id, revisions[1]!.id, { authorId, now: later(2) });
    expect(await findPageById(t.db, page.id)).toMatchObject({ title: 'About', bodyMd: 'Old words.' });
  });
});
