// Search results kept in memory while nothing searchable changed: a popular
// search costs its queries once per change, and a change recorded by any
// writer (posts, the author's pages, wishes and offers) is seen at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scope } from '../../src/lib/content/scopes.ts';
import { readVersionDelta, recordChange, ScopeVersions, type VersionState } from '../../src/lib/content/version.ts';
import { readSearchRequest } from '../../src/lib/search/input.ts';
import { searchSiteKept } from '../../src/lib/search/service.ts';
import type { Db } from '../../src/lib/db.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makePost } from '../helpers/fixtures.ts';

const NOW = new Date('2026-11-27T12:00:00Z');

describe.each(dbTargets)('kept search results on %s', (target) => {
  let t: TestDatabase;
  // The memo is per process, as an app has one database: each target searches its own word.
  const word = target === 'pglite' ? 'lanterns' : 'beacons';
  const Word = word[0]!.toUpperCase() + word.slice(1);
  const versions = new ScopeVersions();
  const state = async (): Promise<VersionState> => versions.apply(await readVersionDelta(t.db, versions.known));
  const search = async (db: Db, q: string, now = NOW) =>
    searchSiteKept(db, readSearchRequest(new URLSearchParams({ q })), now, await state());
  const titles = async (q: string, now = NOW) => (await search(t.db, q, now)).hits.map((h) => h.titleHtml);
  /** A change made behind the memo's back: what a stale memo would keep showing. */
  const renameQuietly = (from: string, to: string) =>
    t.db.updateTable('posts').set({ title: to }).where('title', '=', from).execute();

  beforeAll(async () => {
    t = await openTestDb(target);
    await makePost(t.db, { title: `${Word} for the long night`, bodyMd: 'Paper and wire.' });
  });
  afterAll(() => t?.drop());

  it('answers a repeated search from memory while nothing searchable changed', async () => {
    const first = await search(t.db, word);
    expect(first.hits).toHaveLength(1);
    await renameQuietly(`${Word} for the long night`, `${Word}, renamed quietly`);
    // Kept: the same answer object, no new queries.
    expect(await search(t.db, word)).toBe(first);
    // Another page of the same words is its own entry.
    const second = await searchSiteKept(
      t.db,
      readSearchRequest(new URLSearchParams({ q: word, page: '2' })),
      NOW,
      await state(),
    );
    expect(second).not.toBe(first);
  });

  it.each([
    ['a post change', [scope.posts]],
    ["a change to the author's pages", [scope.site]],
    ['a wish or offer change', [scope.boards]],
  ])('searches afresh after %s is recorded', async (_name, scopes) => {
    const before = await titles(word);
    const next = before[0]!.includes('quietly') ? `${Word}, renamed again` : `${Word}, renamed quietly`;
    await renameQuietly(before[0]!.replace(/<\/?mark>/g, ''), next);
    expect(await titles(word)).toEqual(before);
    await recordChange(t.db, scopes);
    expect(await titles(word)).toEqual([next.replace(Word, `<mark>${Word}</mark>`)]);
  });

  it('keeps results across a change search does not show (a comment count)', async () => {
    const before = await search(t.db, word);
    await recordChange(t.db, [scope.commentCounts]);
    expect(await search(t.db, word)).toBe(before);
  });

  it('searches afresh after a minute even without a recorded change (time-driven visibility)', async () => {
    const before = await search(t.db, word);
    expect(await search(t.db, word, new Date(NOW.getTime() + 61_000))).not.toBe(before);
  });

  it('keeps the suggested tags while no post changes, and counts them again when one does', async () => {
    const tag = `${word}-tag`;
    await makePost(t.db, { title: 'Tagged', bodyMd: 'x', tags: [tag] });
    const tagsOf = async (q: string) => (await search(t.db, q)).suggestions!.tags.map((s) => s.label);
    expect(await tagsOf(`${word}-nothing-1`)).toEqual([tag]);
    // A tag renamed behind the memo's back is not read again by another search that finds nothing…
    await t.db
      .updateTable('tags')
      .set({ name: `${tag}-renamed` })
      .where('slug', '=', tag)
      .execute();
    expect(await tagsOf(`${word}-nothing-2`)).toEqual([tag]);
    // …until a change of posts is recorded.
    await recordChange(t.db, [scope.posts]);
    expect(await tagsOf(`${word}-nothing-3`)).toEqual([`${tag}-renamed`]);
  });
});
