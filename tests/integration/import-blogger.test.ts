// Importing Blogger exports: Google Takeout's feed.atom (the 2018 schema) and
// the legacy blog-*.xml, both written by hand after Blogger's real format.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBlogger } from '../../src/lib/import/blogger/import.ts';
import { textChunks } from '../../src/lib/import/input.ts';
import { findLegacyRedirect } from '../../src/lib/import/legacy.ts';
import { findPublishedPage } from '../../src/lib/pages/service.ts';
import { findPostBySlug } from '../../src/lib/posts/view.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';

const TAKEOUT = readFileSync('tests/fixtures/blogger/feed.atom', 'utf8');
const LEGACY = readFileSync('tests/fixtures/blogger/blog-11-27-2026.xml', 'utf8');
const NOW = new Date('2026-12-01T12:00:00Z');
const options = { now: NOW, timeZone: 'UTC', authorId: null };

async function thread(t: TestDatabase, slug: string) {
  return t.db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .leftJoin('comments as parent', 'parent.id', 'comments.parent_id')
    .select([
      'comments.author_name',
      'comments.author_url',
      'comments.body_html',
      'comments.status',
      'parent.author_name as parent_name',
    ])
    .where('posts.slug', '=', slug)
    .orderBy('comments.created_at')
    .execute();
}

describe.each(dbTargets)('importing Blogger exports on %s', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());

  it('imports a Takeout feed.atom: labels, drafts, pages, threaded comments with profile links', async () => {
    const summary = await importBlogger(t.db, textChunks(TAKEOUT, 1000), options);
    expect(summary.counts.post).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(summary.counts.page).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(summary.counts.comment).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(summary.skipped).toEqual({
      'post in the trash': 1,
      'comment in the trash': 1,
      'comment on a page (pages have no comments)': 1,
    });
    const post = (await findPostBySlug(t.db, 'cafe-chats-uber-netzwerke'))!;
    expect(post).toMatchObject({
      title: 'Café Chats — über Netzwerke',
      status: 'published',
      publishedAt: new Date('2019-06-14T08:30:00.001Z'),
      authorName: 'Krista Nováková',
      excerpt: 'What we learned over coffee about asking first.',
    });
    expect(post.tags.map((x) => x.name)).toEqual(['Café', 'networking']);
    expect(post.bodyHtml).toContain('<strong>asking first</strong>');
    expect(post.bodyHtml).toContain('src="https://blogger.googleusercontent.com/img/b/R29vZ2xl/s320/cafe.jpg"');
    expect(post.bodyHtml).toContain('href="https://www.youtube.com/embed/dQw4w9WgXcQ"');
    expect(post.bodyHtml).not.toMatch(/<script|document\.cookie|javascript:|onmouseover|<iframe|style=/);
    expect(await findPostBySlug(t.db, 'half-thought-about-referrals')).toMatchObject({
      status: 'draft',
      publishedAt: null,
    });
    expect((await findPublishedPage(t.db, 'work-with-me'))?.bodyHtml).toBe(
      '<p>I help small shops find their first hundred customers.</p>',
    );

    expect(
      (await thread(t, 'cafe-chats-uber-netzwerke')).map((c) => [c.author_name, c.parent_name, c.author_url]),
    ).toEqual([
      ['Anonymous', null, null],
      ['Krista Nováková', 'Anonymous', 'https://www.blogger.com/profile/05838451215871208313'],
      ['Tomás Ó Briain', 'Krista Nováková', 'https://tomas.example.ie/'],
    ]);
    const rows = await thread(t, 'cafe-chats-uber-netzwerke');
    expect(rows[0]!.body_html).toBe("<p>Such a good list! I'll bring it to our next meetup.</p>");
    expect(rows[2]!.body_html).toContain('<em>Went great</em> – three new introductions.');
  });

  it('answers the old Blogger links', async () => {
    const find = (path: string) => findLegacyRedirect(t.db, path, '', NOW);
    expect(await find('/2019/06/cafe-chats-uber-netzwerke.html')).toBe('/posts/cafe-chats-uber-netzwerke');
    expect(await find('/search/label/Caf%C3%A9')).toBe('/tags/cafe');
    expect(await find('/search/label/networking')).toBe('/tags/networking');
    expect(await find('/p/work-with-me.html')).toBe('/work-with-me');
    expect(await find('/2020/01/half-thought-about-referrals.html')).toBeNull();
  });

  it('imports a legacy blog-*.xml with its threads, and twice changes nothing', async () => {
    const summary = await importBlogger(t.db, textChunks(LEGACY, 700), options);
    expect(summary.counts.post.created).toBe(2);
    expect(summary.counts.page.created).toBe(1);
    expect(summary.counts.comment.created).toBe(3);
    expect(summary.skipped).toEqual({ 'template (the old theme is not imported)': 1 });
    expect(await findPostBySlug(t.db, 'soup-for-whole-street')).toMatchObject({
      status: 'published',
      publishedAt: new Date('2011-10-10T01:45:00Z'),
      authorName: 'Marta',
    });
    expect(await findPostBySlug(t.db, 'bread-notes-unfinished')).toMatchObject({ status: 'draft' });
    expect((await thread(t, 'soup-for-whole-street')).map((c) => [c.author_name, c.parent_name])).toEqual([
      ['krista', null],
      ['Anonymous', 'krista'],
      ['Marta', 'Anonymous'],
    ]);
    expect(await findLegacyRedirect(t.db, '/2011/10/soup-for-whole-street.html', '?m=1', NOW)).toBe(
      '/posts/soup-for-whole-street',
    );
    expect(await findLegacyRedirect(t.db, '/search/label/Sunday%20Soup', '', NOW)).toBe('/tags/sunday-soup');

    const again = await importBlogger(t.db, textChunks(LEGACY), options);
    expect(again.counts.post).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(again.counts.comment).toEqual({ created: 0, updated: 0, unchanged: 3 });
  });

  it('writes a reply listed before its parent once the parent comes', async () => {
    const reordered = LEGACY.replace(
      /(<entry><id>tag:blogger\.com,1999:blog-\d+\.post-8001<\/id>[\s\S]*?<\/entry>)([\s\S]*?)(<\/feed>)/,
      '$2$1$3',
    ).replace(/blog-1234567890123456789/g, 'blog-42');
    expect(reordered.indexOf('post-8001</id>')).toBeGreaterThan(reordered.indexOf('post-8002</id>'));
    const summary = await importBlogger(t.db, textChunks(reordered), options);
    expect(summary.counts.comment.created).toBe(3);
    expect(Object.keys(summary.remarks)).not.toContain(
      'reply whose parent is not in the export, shown at the top level',
    );
    expect((await thread(t, 'soup-for-whole-street-2')).map((c) => [c.author_name, c.parent_name])).toEqual([
      ['krista', null],
      ['Anonymous', 'krista'],
      ['Marta', 'Anonymous'],
    ]);
  });
});
