import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importContentDir, parseContentFile } from '../../src/lib/posts/import.ts';
import { findVisiblePostBySlug, listPublishedPosts } from '../../src/lib/posts/view.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';

describe('parseContentFile', () => {
  it('reads front matter and body', () => {
    const file = parseContentFile(
      'x.md',
      '---\ntitle: Hello\nslug: hello-there\ndate: 2026-01-02T03:04:05Z\ntags: [a, B]\ndraft: true\n---\n\nBody **here**\n',
    );
    expect(file).toMatchObject({
      title: 'Hello',
      slug: 'hello-there',
      tags: ['a', 'B'],
      draft: true,
      bodyMd: 'Body **here**',
    });
    expect(file.date.toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });
  it('names the file when front matter is missing', () => {
    expect(() => parseContentFile('bad.md', 'no front matter')).toThrow(/bad\.md/);
  });
});

describe.each(dbTargets)('importing content/posts on %s', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());

  it('creates the sample posts once and changes nothing when run again', async () => {
    const dir = resolve('content/posts');
    const first = await importContentDir(t.db, dir);
    expect(first.created).toBeGreaterThanOrEqual(3);
    const second = await importContentDir(t.db, dir);
    expect(second).toEqual({ created: 0, updated: 0, unchanged: first.created });

    const page = await listPublishedPosts(t.db, { now: new Date('2027-01-01') });
    expect(page.items.length).toBe(first.created);
    expect(page.items[0]!.tags.length).toBeGreaterThan(0);
    const post = await findVisiblePostBySlug(t.db, 'welcome-to-wishcast', new Date('2027-01-01'));
    expect(post?.bodyHtml).toContain('<strong>');
  });
});
