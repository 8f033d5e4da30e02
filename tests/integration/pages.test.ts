// Static pages: slugs that never shadow the site's routes, drafts kept from
// readers, Markdown rendered with the post policy; the site's name in settings.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../src/lib/errors.ts';
import { seedPages } from '../../src/lib/pages/seed.ts';
import {
  createPage,
  deletePage,
  findPublishedPage,
  listMenuLinks,
  listPageSitemapEntries,
  savePageForm,
} from '../../src/lib/pages/service.ts';
import { readSiteFrame } from '../../src/lib/pages/site-frame.ts';
import { saveSettingsFromForm } from '../../src/lib/settings/input.ts';
import { getSettings } from '../../src/lib/settings/settings.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';

const NOW = new Date('2026-12-01T12:00:00Z');
const form = (fields: Record<string, string | null>) => ({
  title: null,
  slug: null,
  body: null,
  show_in_menu: null,
  menu_order: null,
  intent: 'publish',
  ...fields,
});

describe.each(dbTargets)('pages on %s', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());

  it('refuses a slug the site uses, with a message beside the field', async () => {
    for (const slug of ['admin', 'posts', 'wishes', 'api', 'feed', 'search']) {
      const saving = savePageForm(t.db, form({ title: 'X', slug, body: 'x' }), { pageId: null, now: NOW });
      await expect(saving).rejects.toThrow(ValidationError);
      await expect(saving).rejects.toMatchObject({
        fields: { slug: expect.stringContaining('used by the site itself') },
      });
    }
    await expect(
      savePageForm(t.db, form({ title: 'X', slug: 'x', menu_order: 'first' }), { pageId: null, now: NOW }),
    ).rejects.toMatchObject({
      fields: { body: 'Body is required.', menu_order: 'Menu order must be a whole number.' },
    });
  });

  it('makes a free slug from the title, renders Markdown, and builds the menu in order', async () => {
    const about = await savePageForm(
      t.db,
      form({ title: 'About me', body: 'I **write**.\n\n<script>x()</script>', show_in_menu: 'on', menu_order: '2' }),
      { pageId: null, now: NOW },
    );
    expect(about).toMatchObject({ slug: 'about-me', bodyHtml: '<p>I <strong>write</strong>.</p>', showInMenu: true });
    const archive = await createPage(
      t.db,
      { title: 'Archive', slug: null, bodyMd: 'Old things.', status: 'published', showInMenu: true, menuOrder: 1 },
      NOW,
    );
    expect(archive.slug).toBe('archive-2');
    await expect(
      createPage(
        t.db,
        { title: 'Again', slug: 'about-me', bodyMd: 'x', status: 'published', showInMenu: false, menuOrder: 0 },
        NOW,
      ),
    ).rejects.toThrow(ConflictError);
    expect(await listMenuLinks(t.db)).toEqual([
      { slug: 'archive-2', title: 'Archive' },
      { slug: 'about-me', title: 'About me' },
    ]);
  });

  it('keeps drafts from readers, the menu and the sitemap', async () => {
    const draft = await savePageForm(
      t.db,
      form({ title: 'Soon', body: 'Later.', show_in_menu: 'on', intent: 'draft' }),
      {
        pageId: null,
        now: NOW,
      },
    );
    expect(await findPublishedPage(t.db, 'soon')).toBeNull();
    expect((await listMenuLinks(t.db)).map((l) => l.slug)).not.toContain('soon');
    expect((await listPageSitemapEntries(t.db)).map((e) => e.path)).toEqual(['/about-me', '/archive-2']);
    await savePageForm(t.db, form({ title: 'Soon', slug: 'soon', body: 'Now.' }), { pageId: draft.id, now: NOW });
    expect((await findPublishedPage(t.db, 'soon'))?.bodyHtml).toBe('<p>Now.</p>');
    await deletePage(t.db, draft.id);
    expect(await findPublishedPage(t.db, 'soon')).toBeNull();
  });

  it('seeds the privacy page once', async () => {
    expect(await seedPages(t.db, resolve('content/pages'), NOW)).toBe(1);
    expect(await seedPages(t.db, resolve('content/pages'), NOW)).toBe(0);
    expect((await findPublishedPage(t.db, 'privacy'))?.title).toBe('Privacy');
    expect((await readSiteFrame(t.db)).privacyPage).toBe(true);
  });

  it('keeps the site name, tagline and bio as settings; a form without them leaves them alone', async () => {
    expect((await readSiteFrame(t.db)).siteName).toBe('Wishcast');
    await expect(
      saveSettingsFromForm(t.db, { thread_depth: '5', site_name: null, tagline: null, author_bio: null }),
    ).rejects.toMatchObject({ fields: { site_name: 'Site name is required.' } });
    await saveSettingsFromForm(t.db, {
      thread_depth: '5',
      site_name: 'Krista Said',
      tagline: 'Notes on asking first',
      author_bio: 'Krista writes *slowly*. <img src=x onerror=alert(1)>',
    });
    await saveSettingsFromForm(t.db, { thread_depth: '4' });
    expect(await getSettings(t.db)).toMatchObject({
      siteName: 'Krista Said',
      tagline: 'Notes on asking first',
      threadDepth: 4,
    });
    const frame = await readSiteFrame(t.db);
    expect(frame.authorBioHtml).toBe('<p>Krista writes <em>slowly</em>. &lt;img src=x onerror=alert(1)&gt;</p>');
  });
});
