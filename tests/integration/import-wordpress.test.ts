// Importing a real WordPress 6.1 export (tests/fixtures/wordpress/wordpress-6.1.xml,
// made by make-fixture.sh with the WordPress in shared/peers): everything lands
// where it should, twice changes nothing, edits update, old links are found.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSummary } from '../../src/lib/import/index.ts';
import { findLegacyRedirect } from '../../src/lib/import/legacy.ts';
import { textChunks } from '../../src/lib/import/input.ts';
import { importWordPress } from '../../src/lib/import/wordpress/import.ts';
import { ImportFormatError } from '../../src/lib/import/xml.ts';
import { listMenuLinks } from '../../src/lib/pages/service.ts';
import { findPostBySlug } from '../../src/lib/posts/view.ts';
import { getSettings } from '../../src/lib/settings/settings.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';

const FIXTURE = readFileSync('tests/fixtures/wordpress/wordpress-6.1.xml', 'utf8');
const NOW = new Date('2026-12-01T12:00:00Z');
const options = { now: NOW, timeZone: 'Europe/Berlin', authorId: null };

async function snapshot(t: TestDatabase) {
  const [posts, comments, pages, tags, links, version] = await Promise.all([
    t.db.selectFrom('posts').selectAll().orderBy('id').execute(),
    t.db.selectFrom('comments').selectAll().orderBy('id').execute(),
    t.db.selectFrom('pages').selectAll().orderBy('id').execute(),
    t.db.selectFrom('tags').selectAll().orderBy('id').execute(),
    t.db.selectFrom('legacy_paths').selectAll().orderBy('path').execute(),
    t.db.selectFrom('site_state').select('content_version').executeTakeFirstOrThrow(),
  ]);
  return { posts, comments, pages, tags, links, version };
}

async function commentsOf(t: TestDatabase, slug: string) {
  return t.db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .leftJoin('comments as parent', 'parent.id', 'comments.parent_id')
    .select([
      'comments.author_name',
      'comments.status',
      'comments.body_html',
      'comments.author_url',
      'parent.author_name as parent_name',
    ])
    .where('posts.slug', '=', slug)
    .orderBy('comments.created_at')
    .execute();
}

describe.each(dbTargets)('importing a WordPress export on %s', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());

  it('imports posts, pages, tags and threaded comments, and counts what it left out', async () => {
    const summary = await importWordPress(t.db, textChunks(FIXTURE), options);
    expect(summary.counts.post).toEqual({ created: 7, updated: 0, unchanged: 0 });
    expect(summary.counts.page).toEqual({ created: 6, updated: 0, unchanged: 0 });
    expect(summary.counts.comment).toEqual({ created: 7, updated: 0, unchanged: 0 });
    expect(summary.skipped).toMatchObject({
      'attachment page not attached to a post or page': 1,
      'nav_menu_item (the menu is rebuilt from the pages it listed)': 3,
      'post in the trash': 1,
      'comment in the trash': 1,
      'pingback (left out: links from other blogs, not conversation)': 1,
      'trackback (left out: links from other blogs, not conversation)': 1,
    });
    expect(summary.remarks).toMatchObject({
      'private post imported as a draft': 1,
      'password-protected post imported as a draft': 1,
    });
    expect((await getSettings(t.db)).siteName).toBe('WordPress peer benchmark');
    const text = formatSummary(summary).join('\n');
    expect(text).toMatch(/Old addresses that now answer 301 \(\d+;/);
    expect(text).toContain('/?p=35 → /posts/gruse-aus-koln');
    expect(text).toContain('/2024/05/03/gruse-aus-koln → /posts/gruse-aus-koln');
  });

  it('maps statuses and dates: future → scheduled (UTC from post_date_gmt), draft/private/password → draft', async () => {
    expect(await findPostBySlug(t.db, 'scheduled-for-spring')).toMatchObject({
      status: 'scheduled',
      publishedAt: new Date('2030-03-29T07:00:00Z'),
    });
    for (const slug of ['a-draft-about-trains', 'private-notes', 'members-only', 'waiting-for-review']) {
      expect(await findPostBySlug(t.db, slug)).toMatchObject({ status: 'draft', publishedAt: null });
    }
    const post = await findPostBySlug(t.db, 'gruse-aus-koln');
    expect(post).toMatchObject({
      title: 'Grüße aus Köln — a night-train diary',
      status: 'published',
      publishedAt: new Date('2024-05-03T21:30:00Z'),
      authorName: 'Krista Nováková',
      excerpt: 'A night train, a harbour, and coffee.',
    });
    expect(post!.tags.map((x) => x.name)).toEqual(['café au lait', 'networking', 'Night trains']);
  });

  it('turns blocks, captions and shortcodes into clean Markdown and safe HTML', async () => {
    const blocks = (await findPostBySlug(t.db, 'gruse-aus-koln'))!;
    expect(blocks.bodyMd).not.toMatch(/wp:|\[gallery|<!--/);
    expect(blocks.bodyMd).toContain('**night train**');
    expect(blocks.bodyHtml).toContain(
      '<figure><img src="https://example.org/wp-content/uploads/2024/05/harbour.jpg" alt="The harbour at dawn"',
    );
    expect(blocks.bodyHtml).toContain('<figcaption>Hamburg, 5:40 in the morning</figcaption>');
    expect(blocks.bodyHtml).toContain('<td colspan="2">Sleeper cars only</td>');
    expect(blocks.bodyHtml).toContain('<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"');
    expect(blocks.bodyHtml).toContain('<p>More soon [citation needed].</p>');

    const classic = (await findPostBySlug(t.db, 'a-classic-post'))!;
    expect(classic.title).toBe('A classic post');
    expect(classic.bodyHtml).toContain('<p>First paragraph of a classic post,<br />with a line break inside it.</p>');
    expect(classic.bodyHtml).toContain('<figcaption>Boats at dawn, <em>Morgenrot</em></figcaption>');
    expect(classic.bodyHtml).not.toMatch(/<script|onerror|onclick|javascript:|<iframe|style=|contact-form/i);
  });

  it('keeps threads, held comments and a trashed comment that has a reply', async () => {
    const rows = await commentsOf(t, 'gruse-aus-koln');
    expect(rows.map((r) => [r.author_name, r.status, r.parent_name])).toEqual([
      ['Jürgen Groß', 'approved', null],
      ['Krista Nováková', 'approved', 'Jürgen Groß'],
      ['Ana', 'approved', 'Krista Nováková'],
      ['Waiting Walt', 'pending', null],
      ['Regretful Rita', 'deleted', null],
      ['Bob', 'approved', 'Regretful Rita'],
    ]);
    expect(rows[0]).toMatchObject({
      author_url: 'https://juergen.example.de/',
      body_html: '<p>Schöne Reise!</p>\n<p>Which sleeper car was it?</p>',
    });
    expect(rows[4]!.body_html).toBe('');
    const hostile = await commentsOf(t, 'a-classic-post');
    expect(hostile[0]!.author_name).toBe('Mallory');
    expect(hostile[0]!.body_html).toContain('<a href="https://ok.example" rel="nofollow ugc noopener">a fine link</a>');
    expect(hostile[0]!.body_html).not.toMatch(/<script|<img|onerror|javascript:/i);
  });

  it('builds the menu from the export’s nav menu and renames a page whose slug the site uses', async () => {
    expect(await listMenuLinks(t.db)).toEqual([
      { slug: 'about', title: 'About' },
      { slug: 'work-with-me', title: 'Work with me' },
    ]);
    const archive = await t.db
      .selectFrom('pages')
      .select(['slug', 'title'])
      .where('title', '=', 'Archive')
      .executeTakeFirst();
    expect(archive?.slug).toBe('archive-2');
  });

  it('finds old WordPress links, and none for drafts or posts not yet out', async () => {
    const find = (path: string, search = '', now = NOW) => findLegacyRedirect(t.db, path, search, now);
    expect(await find('/2024/05/03/gruse-aus-koln/')).toBe('/posts/gruse-aus-koln');
    expect(await find('/2024/05/gruse-aus-koln/')).toBe('/posts/gruse-aus-koln');
    expect(await find('/2024/05/03/gruse-aus-koln/comment-page-2/')).toBe('/posts/gruse-aus-koln');
    expect(await find('/', '?p=35')).toBe('/posts/gruse-aus-koln');
    expect(await find('/index.php', '?p=36&replytocom=5')).toBe('/posts/a-classic-post');
    expect(await find('/category/travel/night-trains/')).toBe('/tags/night-trains');
    expect(await find('/category/night-trains/page/2/')).toBe('/tags/night-trains');
    expect(await find('/tag/networking/')).toBe('/tags/networking');
    expect(await find('/about/work-with-me/')).toBe('/work-with-me');
    expect(await find('/', '?page_id=44')).toBe('/about');
    expect(await find('/', '?p=37')).toBeNull();
    expect(await find('/2030/03/29/scheduled-for-spring/')).toBeNull();
    expect(await find('/2030/03/29/scheduled-for-spring/', '', new Date('2030-04-01T00:00:00Z'))).toBe(
      '/posts/scheduled-for-spring',
    );
    expect(await find('/2024/05/03/no-such-post/')).toBeNull();
    expect(await find('/')).toBeNull();
  });

  it('changes nothing when run again', async () => {
    const before = await snapshot(t);
    const summary = await importWordPress(t.db, textChunks(FIXTURE, 777), { ...options, now: new Date('2026-12-02') });
    expect(summary.counts.post).toEqual({ created: 0, updated: 0, unchanged: 7 });
    expect(summary.counts.comment).toEqual({ created: 0, updated: 0, unchanged: 7 });
    expect(summary.counts.page).toEqual({ created: 0, updated: 0, unchanged: 6 });
    expect(await snapshot(t)).toEqual(before);
  });

  it('updates by the source’s ids after edits there, without duplicates', async () => {
    const edited = FIXTURE.replace('Not finished yet.', 'Finished at last.').replace(
      'Car 12 is the best one.',
      'Car 12 is the best one, truly.',
    );
    const summary = await importWordPress(t.db, textChunks(edited), { ...options, now: new Date('2026-12-03') });
    expect(summary.counts.post).toEqual({ created: 0, updated: 1, unchanged: 6 });
    expect(summary.counts.comment).toEqual({ created: 0, updated: 1, unchanged: 6 });
    expect((await findPostBySlug(t.db, 'a-draft-about-trains'))!.bodyHtml).toBe('<p>Finished at last.</p>');
    const rows = await commentsOf(t, 'gruse-aus-koln');
    expect(rows).toHaveLength(6);
    expect(rows[2]!.body_html).toBe('<p>Car 12 is the best one, truly.</p>');
  });

  it('refuses a malformed file with the line at fault and keeps nothing of it', async () => {
    const before = await snapshot(t);
    const broken = FIXTURE.replace('Finished', 'x').replace(
      '<title><![CDATA[About]]></title>',
      '<title><![CDATA[About]]></titel>',
    );
    const line = broken.slice(0, broken.indexOf('</titel>')).split('\n').length;
    const failure = importWordPress(
      t.db,
      textChunks(broken.replace('Not finished yet.', 'Changed before the fault.')),
      options,
    );
    await expect(failure).rejects.toThrow(ImportFormatError);
    await expect(failure).rejects.toThrow(
      new RegExp(
        `^Line ${line}, column \\d+ in <rss><channel><item>: unexpected close tag\\. Nothing was imported\\.$`,
      ),
    );
    expect(await snapshot(t)).toEqual(before);
    await expect(
      importWordPress(t.db, textChunks('<feed xmlns="http://www.w3.org/2005/Atom"></feed>'), options),
    ).rejects.toThrow(/not a WordPress export.*import it as blogger/);
  });

  it('leads an attachment page’s old addresses to the post it was attached to', async () => {
    const attached = FIXTURE.replace(
      '<link>http://127.0.0.1:8080/harbour-at-dawn/</link>',
      '<link>http://127.0.0.1:8080/2024/05/03/gruse-aus-koln/harbour-at-dawn/</link>',
    ).replace(/(<wp:post_id>34<\/wp:post_id>[\s\S]*?<wp:post_parent>)0(<\/wp:post_parent>)/, '$135$2');
    const summary = await importWordPress(t.db, textChunks(attached), options);
    expect(summary.remarks['attachment page: its old address now leads to its post']).toBe(1);
    const find = (path: string, search = '') => findLegacyRedirect(t.db, path, search, NOW);
    expect(await find('/', '?attachment_id=34')).toBe('/posts/gruse-aus-koln');
    expect(await find('/2024/05/03/gruse-aus-koln/harbour-at-dawn/')).toBe('/posts/gruse-aus-koln');
    expect(await find('/2024/05/03/gruse-aus-koln/attachment/harbour-at-dawn/')).toBe('/posts/gruse-aus-koln');
  });
});
