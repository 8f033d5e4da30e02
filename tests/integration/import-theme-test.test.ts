// Issue 30: WordPress's own Theme Unit Test export (tests/fixtures/wordpress/README.md) imports
// as a person would import it: every post, page and comment the file holds (counted from the
// file itself), nothing crashing on its edge cases, and its images — the 37 attachments and
// every image the posts show, served here by a local server in place of WordPress.com's file
// host — copied into the media library with their sizes and alt text, the bodies pointing at
// the copies, one missing image listed with its post, and the old upload addresses leading to
// the copies. A second run fetches nothing new and creates nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyImportedImages, findImportedUpload, type ImageCopyReport } from '../../src/lib/import/images/copy.ts';
import { emptySourceMedia, importExport, type ImportSummary } from '../../src/lib/import/index.ts';
import { textChunks } from '../../src/lib/import/input.ts';
import { createFileStorage, type MediaStorage } from '../../src/lib/media/storage.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import {
  expected,
  items,
  ofType,
  LARGEST_VARIANT,
  MISSING,
  sizeFor,
  startImageHost,
  type ImageHost,
} from '../helpers/theme-test.ts';

const NOW = new Date('2026-12-06T12:00:00Z');

describe.each(dbTargets)('importing WordPress’s Theme Unit Test export on %s', (target) => {
  let t: TestDatabase;
  let host: ImageHost;
  let base = '';
  let uploads = '';
  let dir = '';
  let storage: MediaStorage;
  let xml = '';
  let hits: string[] = [];
  let images = new Map<string, Buffer>();
  let summary: ImportSummary;
  let report: ImageCopyReport;

  async function runImport(): Promise<{ summary: ImportSummary; report: ImageCopyReport }> {
    const media = emptySourceMedia();
    const summary = await importExport(t.db, 'wordpress', textChunks(xml), {
      now: NOW,
      timeZone: 'UTC',
      authorId: null,
      media,
    });
    const report = await copyImportedImages(
      t.db,
      storage,
      { source: 'wordpress', site: summary.site },
      {
        ownerId: null,
        now: NOW,
        fetch: { allowPrivate: true, maxBytes: 5_000_000, timeoutMs: 5000, maxRedirects: 2 },
        media,
      },
    );
    return { summary, report };
  }

  beforeAll(async () => {
    t = await openTestDb(target);
    dir = await mkdtemp(join(tmpdir(), 'wishcast-theme-test-'));
    storage = createFileStorage(dir);
    host = await startImageHost();
    ({ base, uploads, xml, images, hits } = host);
    ({ summary, report } = await runImport());
  });
  afterAll(async () => {
    await host?.close();
    await t?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports every post, page and comment the file holds, and counts what it left out', () => {
    expect(expected).toMatchObject({ posts: 58, pages: 21, attachments: 37 }); // the file is what we think
    expect(summary.counts.post).toEqual({ created: expected.posts, updated: 0, unchanged: 0 });
    expect(summary.counts.page).toEqual({ created: expected.pages, updated: 0, unchanged: 0 });
    expect(summary.counts.comment).toEqual({ created: expected.postComments, updated: 0, unchanged: 0 });
    expect(summary.skipped).toMatchObject({
      'comment on a page (pages have no comments)': expected.pageComments,
      'pingback (left out: links from other blogs, not conversation)': expected.links / 2,
      'trackback (left out: links from other blogs, not conversation)': expected.links / 2,
      'attachment that is not an image (the file stays at its old address)': 2,
    });
    expect(summary.remarks).toMatchObject({
      'password-protected post imported as a draft': 1,
      'sticky post imported in its place by date (no pinning here)': expected.sticky,
    });
    expect(summary.site).toBe('wpthemetestdata.wordpress.com');
  });

  it('keeps the edge cases readable: titles, statuses, nesting, odd tags', async () => {
    const posts = await t.db.selectFrom('posts').select(['slug', 'title', 'status', 'body_md']).execute();
    const bySlug = new Map(posts.map((p) => [p.slug, p]));
    expect(bySlug.get('markup-title-with-markup')?.title).toBe('Markup: Title With Markup');
    expect(bySlug.get('edge-case-no-title')?.title).toBe('Untitled');
    expect(bySlug.get('edge-case-no-content')?.status).toBe('published');
    expect(bySlug.get('scheduled')?.status).toBe('scheduled');
    expect(bySlug.get('draft')?.status).toBe('draft');
    expect(bySlug.get('template-password-protected')?.status).toBe('draft');
    expect(bySlug.get('title-with-special-characters')?.title).toContain('~`!@#$%^&*()-_=+{}[]/\\;:\'"?,.>');
    expect(bySlug.get('title-should-not-overflow-the-content-area')?.title).toMatch(/^Taumatawhakatangihanga/);
    // Threads nest as they did: "Template: Comments" has replies ten levels deep.
    const depths = await t.db
      .selectFrom('comments')
      .select(['id', 'parent_id'])
      .execute()
      .then((rows) => {
        const parent = new Map(rows.map((r) => [r.id, r.parent_id]));
        return rows.map((r) => {
          let depth = 0;
          for (let p = parent.get(r.id); p; p = parent.get(p)) depth++;
          return depth;
        });
      });
    expect(expected.deepestReply).toBeGreaterThanOrEqual(5);
    expect(Math.max(...depths)).toBe(expected.deepestReply);
    const tags = await t.db.selectFrom('tags').select(['slug', 'name']).execute();
    expect(tags.map((tag) => tag.name)).toEqual(expect.arrayContaining(['content περιεχόμενο', '8BIT', 'Cat A']));
    expect(tags.every((tag) => /^[a-z0-9-]+$/.test(tag.slug))).toBe(true);
  });

  it('copies every image the server has — attachments and inline images — once, sized, alt kept', async () => {
    const served = [...images.keys()];
    expect(served.length).toBeGreaterThanOrEqual(expected.attachments - 3);
    const rows = await t.db
      .selectFrom('imported_media')
      .innerJoin('media', 'media.id', 'imported_media.media_id')
      .select(['imported_media.source_url', 'imported_media.old_path', 'media.id', 'media.alt', 'media.width'])
      .select(['media.variants'])
      .execute();
    expect(rows.map((r) => new URL(r.source_url).pathname).sort()).toEqual(served.sort());
    expect(await t.db.selectFrom('media').select('id').execute()).toHaveLength(served.length); // "?w=604" too: once
    expect(report.copied).toBe(served.length);
    for (const row of rows) {
      const { width } = sizeFor(new URL(row.source_url).pathname);
      expect(row.width, row.source_url).toBe(width);
      const widths = row.variants.map((v) => v.width);
      expect(Math.max(...widths), row.source_url).toBe(Math.min(width, LARGEST_VARIANT));
      expect(new Set(row.variants.map((v) => v.format)).size).toBeGreaterThanOrEqual(3);
    }
    const alt = (name: string) => rows.find((r) => r.source_url.endsWith(name))?.alt;
    expect(alt('2013/03/image-alignment-580x300.jpg')).toBe('Image Alignment 580x300');
    expect(alt('2008/06/dsc04563.jpg')).toBe('Rain Ripples');
    // An attachment no post shows still comes along, with the alt text of WordPress's library.
    expect(alt('2013/03/soworthloving-wallpaper.jpg')).toBe('I Am Worth Loving Wallpaper');
    expect(alt('2010/08/manhattansummer.jpg')).toBe(''); // none anywhere: still to be described
  });

  it('points the bodies at the copies and lists the missing image with its post', async () => {
    const entries = [
      ...(await t.db.selectFrom('posts').select(['title', 'body_md', 'body_html']).execute()),
      ...(await t.db.selectFrom('pages').select(['title', 'body_md', 'body_html']).execute()),
    ];
    for (const entry of entries) {
      expect(entry.body_md, entry.title).not.toContain('wpthemetestdata.files.wordpress.com');
      const left = [...entry.body_md.matchAll(new RegExp(`${base}[^\\s"')\\]]*`, 'g'))].map((m) => m[0]);
      // Only the missing image keeps its old address (and files that are not images: audio, video, a PDF).
      for (const url of left.filter((u) => /\.(jpe?g|png|gif)$/i.test(u))) expect(url, entry.title).toContain(MISSING);
    }
    // Every image a post's or page's HTML showed (an <img> or a cover's background) is shown by
    // its body now, as its copy: by reference, or by a file of the copy.
    const bodyOf = async (item: (typeof items)[number]) => {
      const kind = item['wp:post_type'] === 'post' ? 'post' : 'page';
      const link = await t.db
        .selectFrom('import_links')
        .select(['post_id', 'page_id'])
        .where('kind', '=', kind)
        .where('source_id', '=', item['wp:post_id'])
        .executeTakeFirstOrThrow();
      const table = kind === 'post' ? 'posts' : 'pages';
      const id = (link.post_id ?? link.page_id)!;
      return (await t.db.selectFrom(table).select('body_md').where('id', '=', id).executeTakeFirstOrThrow()).body_md;
    };
    const copies = await t.db
      .selectFrom('imported_media')
      .innerJoin('media', 'media.id', 'imported_media.media_id')
      .select(['imported_media.source_url', 'media.id', 'media.variants'])
      .execute();
    for (const item of items.filter((i) => ['post', 'page'].includes(i['wp:post_type']))) {
      const html = item['content:encoded'] ?? '';
      const shown = [...html.matchAll(/<img\b[^>]*?\bsrc="([^"?]+)|background-image:url\(([^)?]+)/g)]
        .map((m) => (m[1] ?? m[2])!.replace('https://wpthemetestdata.files.wordpress.com/', uploads))
        .filter((url) => url.startsWith(uploads) && !url.endsWith(MISSING));
      const body = await bodyOf(item);
      for (const url of new Set(shown)) {
        const copy = copies.find((c) => c.source_url === url)!;
        expect(copy, url).toBeDefined();
        const uses = [`/media/${copy.id})`, ...copy.variants.map((v) => v.key)];
        expect(
          uses.some((use) => body.includes(use)),
          `${item.title}: ${url}`,
        ).toBe(true);
      }
    }
    const alignment = entries.find((e) => e.title === 'Markup: Image Alignment')!;
    expect(alignment.body_md).toMatch(/!\[Image Alignment 580x300\]\(\/media\/\d+\)/);
    expect(alignment.body_md).toMatch(/<img src="\/media\/[^"]+" alt="Image Alignment 1200x400">/);
    expect(alignment.body_html).toContain('<picture>');
    const linked = entries.find((e) => e.title === 'Post Format: Image')!;
    expect(linked.body_md).toMatch(/^\[!\[\]\(\/media\/\d+\)\]\(\/media\/[^)]+\)$/); // "?w=604" and its full size
    const blocks = entries.find((e) => e.title === 'Block: Gallery')!;
    expect(blocks.body_md.match(/<img src="\/media\//g)!.length).toBeGreaterThanOrEqual(20);
    // Its [gallery] shortcodes each show the post's attached images (all but the missing one copied).
    const attached = ofType('attachment').filter((a) => a['wp:post_parent'] === '555').length;
    const galleryPost = items.find((i) => i['wp:post_id'] === '555')!;
    const shortcodeCount = galleryPost['content:encoded']!.match(/\[gallery\b/g)!.length;
    const shortcodes = entries.find((e) => e.title === galleryPost.title)!;
    expect(shortcodes.body_md.match(/!\[[^\]]*\]\(\/media\/\d+\)/g)).toHaveLength(shortcodeCount * (attached - 1));

    // Cover blocks keep their background images: one image each, from the library.
    const coverPost = items.find((i) => i.title === 'Block: Cover')!;
    const coverImages = [...coverPost['content:encoded']!.matchAll(/<!-- wp:cover (\{.*?\}) -->/g)].filter((m) =>
      /\.(jpe?g|png|gif)$/.test((JSON.parse(m[1]!) as { url: string }).url),
    ).length;
    const covers = entries.find((e) => e.title === 'Block: Cover')!;
    expect(coverImages).toBeGreaterThanOrEqual(3);
    expect(covers.body_md.match(/!\[[^\]]*\]\(\/media\/\d+\)/g)).toHaveLength(coverImages);

    const missingUrl = `${uploads}${MISSING}`;
    // The posts showing it: in their HTML, or in a [gallery] of the post it is attached to.
    const missingParent = ofType('attachment').find((a) => a['wp:attachment_url']!.endsWith(MISSING))![
      'wp:post_parent'
    ];
    const showing = items
      .filter(
        (i) =>
          ['post', 'page'].includes(i['wp:post_type']) &&
          ((i['content:encoded'] ?? '').includes(MISSING) || i['wp:post_id'] === missingParent),
      )
      .map((i) => i.title);
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]).toMatchObject({ url: missingUrl, reason: 'HTTP 404' });
    expect(showing).toContain(report.failures[0]!.entry);
  });

  it('gives a post its featured image as its cover', async () => {
    const post = await t.db
      .selectFrom('posts')
      .innerJoin('imported_media', 'imported_media.media_id', 'posts.cover_media_id')
      .select(['imported_media.source_url', 'posts.cover_alt'])
      .where('posts.slug', '=', 'template-featured-image-vertical')
      .executeTakeFirstOrThrow();
    expect(post.source_url).toBe(`${uploads}2013/03/featured-image-vertical.jpg`);
  });

  it('leads the old upload addresses, and WordPress’s sized copies of them, to the copies', async () => {
    const canola = await findImportedUpload(t.db, '/wp-content/uploads/2008/06/canola2.jpg');
    expect(canola).toMatch(/^\/media\//);
    expect(await findImportedUpload(t.db, '/wp-content/uploads/2008/06/canola2-150x150.jpg')).toBe(canola);
    expect(await findImportedUpload(t.db, '/wp-content/uploads/2013/03/image-alignment-150x150.jpg')).not.toBe(
      await findImportedUpload(t.db, '/wp-content/uploads/2013/03/image-alignment-580x300.jpg'),
    );
    expect(await findImportedUpload(t.db, `/wp-content/uploads/${MISSING}`)).toBeNull();
  });

  it('changes nothing and fetches only the missing image when run again', async () => {
    const mediaBefore = (await t.db.selectFrom('media').select('id').execute()).length;
    const commentsBefore = (await t.db.selectFrom('comments').select('id').execute()).length;
    hits.length = 0;
    const again = await runImport();
    expect(again.summary.counts.post).toEqual({ created: 0, updated: 0, unchanged: expected.posts });
    expect(again.summary.counts.page).toEqual({ created: 0, updated: 0, unchanged: expected.pages });
    expect(again.summary.counts.comment.created).toBe(0);
    expect(again.report.copied).toBe(0);
    expect(hits).toEqual([`/wp-content/uploads/${MISSING}`]);
    expect((await t.db.selectFrom('media').select('id').execute()).length).toBe(mediaBefore);
    expect((await t.db.selectFrom('comments').select('id').execute()).length).toBe(commentsBefore);
  });
});
