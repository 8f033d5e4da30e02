// Importing a Disqus export (tests/fixtures/disqus/notes-example.xml) into a
// site that already has the blog's posts: threads land under the posts they
// belong to, matched by old address or WordPress identifier; replies nest;
// spam and deleted comments stay out; threads matching nothing are listed.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSummary, importExport } from '../../src/lib/import/index.ts';
import { textChunks } from '../../src/lib/import/input.ts';
import { rememberLegacyPaths } from '../../src/lib/import/legacy.ts';
import { ImportFormatError } from '../../src/lib/import/xml.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makePost } from '../helpers/fixtures.ts';

const DISQUS = readFileSync('tests/fixtures/disqus/notes-example.xml', 'utf8');
const WXR = readFileSync('tests/fixtures/wordpress/wxr-1.1.xml', 'utf8');
const options = { now: new Date('2026-12-01T12:00:00Z'), timeZone: 'UTC', authorId: null };

async function thread(t: TestDatabase, slug: string, afterId = 0) {
  return t.db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .leftJoin('comments as parent', 'parent.id', 'comments.parent_id')
    .select([
      'comments.author_name as name',
      'comments.status',
      'comments.body_md as body',
      'comments.author_email as email',
      'parent.author_name as parent',
    ])
    .where('posts.slug', '=', slug)
    .where('comments.id', '>', afterId)
    .orderBy('comments.created_at')
    .execute();
}

describe.each(dbTargets)('importing a Disqus export on %s', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDb(target);
    // The blog's posts came first: one from WordPress (?p=101), one from Blogger (its old address).
    await importExport(t.db, 'wordpress', textChunks(WXR), options);
    const frost = await makePost(t.db, { title: 'First frost', slug: 'first-frost' });
    await rememberLegacyPaths(t.db, [{ path: '/2008/11/first-frost.html', target: { post_id: frost.id } }]);
  });
  afterAll(() => t?.drop());

  it('puts each thread under its post, nested, with names kept and spam and deletions left out', async () => {
    const last = await t.db
      .selectFrom('comments')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    const summary = await importExport(t.db, 'disqus', textChunks(DISQUS), options);
    expect(summary.counts.comment).toEqual({ created: 6, updated: 0, unchanged: 0 });

    const sourdough = await thread(t, 'sourdough-week-one', last.id ?? 0);
    expect(sourdough).toEqual([
      expect.objectContaining({ name: 'Jonas Baker', parent: null, email: 'jonas@example.test', status: 'approved' }),
      expect.objectContaining({ name: 'Marta', parent: 'Jonas Baker', body: expect.stringContaining('**Not**') }),
      expect.objectContaining({ name: 'Jonas Baker', parent: 'Marta' }),
    ]);
    expect(JSON.stringify(sourdough)).not.toContain('Flour Deals');

    // A deleted comment that a reply hangs on stays as an empty placeholder; one without replies is left out.
    const frost = await thread(t, 'first-frost');
    expect(frost.map((c) => [c.name, c.status, c.parent])).toEqual([
      ['Ines', 'approved', null],
      ['Deleted', 'deleted', 'Ines'],
      ['Ines', 'approved', 'Deleted'],
    ]);
    expect(JSON.stringify(frost)).not.toContain('wrong allotment');
    expect(JSON.stringify(frost)).not.toContain('Nobody replied');

    expect(summary.skipped).toEqual({
      'comment marked as spam': 1,
      'deleted comment': 1,
      'comment in a thread that matches no post': 1,
    });
    const text = formatSummary(summary).join('\n');
    expect(text).toContain('Threads that match no post here');
    expect(text).toContain('The loaf that never rose — http://notes.example.net/2008/12/the-lost-loaf.html (1 comment');
    expect(text).not.toContain('About —');
  });

  it('adds nothing when run again', async () => {
    const count = async () =>
      (
        await t.db
          .selectFrom('comments')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    const summary = await importExport(t.db, 'disqus', textChunks(DISQUS), options);
    expect(summary.counts.comment).toEqual({ created: 0, updated: 0, unchanged: 6 });
    expect(await count()).toBe(before);
  });

  it('matches a thread by this site’s own post address, and refuses a file that is not a Disqus export', async () => {
    await makePost(t.db, { title: 'Already here', slug: 'already-here' });
    const own = `<?xml version="1.0"?><disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
      <thread dsq:id="1"><id>x</id><forum>other</forum><link>https://blog.example.test/posts/already-here</link><title>A</title></thread>
      <post dsq:id="2"><message>Hello &lt;i&gt;there&lt;/i&gt;</message><createdAt>2020-01-01T00:00:00Z</createdAt>
        <isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>Ana</name></author><thread dsq:id="1"/></post>
    </disqus>`;
    const summary = await importExport(t.db, 'disqus', textChunks(own), options);
    expect(summary.counts.comment.created).toBe(1);
    expect(await thread(t, 'already-here')).toEqual([expect.objectContaining({ name: 'Ana', parent: null })]);
    await expect(importExport(t.db, 'disqus', textChunks(WXR), options)).rejects.toThrow(ImportFormatError);
  });
});
