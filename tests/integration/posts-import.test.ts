// npm run import-content: Markdown files upserted by slug, idempotently.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importContentDir } from '../../src/lib/posts/import.ts';
import { findPostBySlug, findVisiblePostBySlug, listPublishedPosts } from '../../src/lib/posts/view.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';

const NOW = new Date('2026-12-01T00:00:00Z');

function file(meta: string, body: string): string {
  return `---\n${meta}\n---\n\n${body}\n`;
}

describe.each(dbTargets)('importing Markdown files on %s', (target) => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await openTestDb(target);
    dir = mkdtempSync(join(tmpdir(), 'wishcast-content-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.drop();
  });

  it('creates, leaves alone, then updates by slug, and respects draft and future dates', async () => {
    writeFileSync(
      join(dir, 'first.md'),
      file('title: First\nslug: first\ndate: 2026-11-01T09:00:00Z\ntags: [a, b]', 'Hello **there**'),
    );
    writeFileSync(join(dir, 'draft.md'), file('title: Not yet\ndate: 2026-11-02T09:00:00Z\ndraft: true', 'Draft'));
    writeFileSync(join(dir, 'future.md'), file('title: Future\ndate: 2027-01-01T09:00:00Z', 'Soon'));

    expect(await importContentDir(t.db, dir)).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(await importContentDir(t.db, dir)).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect((await listPublishedPosts(t.db, { now: NOW })).items.map((p) => p.slug)).toEqual(['first']);
    expect(await findPostBySlug(t.db, 'draft')).toMatchObject({ status: 'draft', title: 'Not yet' });
    expect(await findVisiblePostBySlug(t.db, 'future', new Date('2027-01-01T09:00:00Z'))).not.toBeNull();

    writeFileSync(
      join(dir, 'first.md'),
      file('title: First, revised\nslug: first\ndate: 2026-11-01T09:00:00Z\ntags: [b, c]', 'Hello *again*'),
    );
    expect(await importContentDir(t.db, dir)).toEqual({ created: 0, updated: 1, unchanged: 2 });
    const first = await findVisiblePostBySlug(t.db, 'first', NOW);
    expect(first).toMatchObject({ title: 'First, revised', bodyHtml: '<p>Hello <em>again</em></p>' });
    expect(first!.tags.map((x) => x.slug)).toEqual(['b', 'c']);
  });
});
