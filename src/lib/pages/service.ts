// The rules for static pages: slugs that never shadow the site's own routes,
// Markdown rendered at write time with the post policy, drafts kept out of sight.
import { scope } from '../content/scopes.ts';
import { recordChange } from '../content/version.ts';
import type { Db } from '../db.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { renderMarkdown } from '../markdown/markdown.ts';
import { isValidSlug, slugify } from '../posts/slug.ts';
import { readPageForm, type PageDraft, type RawPageForm } from './input.ts';
import {
  deletePageRow,
  insertPage,
  isPageSlugTaken,
  selectAllPages,
  selectMenuPages,
  selectPageById,
  selectPageBySlug,
  selectPublishedPageSlugs,
  updatePageRow,
} from './repo.ts';
import { isReservedSlug } from './reserved.ts';
import type { SavedBy } from '../revisions/model.ts';
import { getRevision, keepRevision } from '../revisions/revisions.ts';
import { pagePath, toPage, type MenuLink, type Page } from './view.ts';

function reservedSlugMessage(slug: string): string {
  return `“${slug}” is used by the site itself (/${slug}). Choose another slug.`;
}
const SLUG_TAKEN = 'Another page already uses this slug. Choose another, or leave it empty to make one.';

/**
 * The slug a page gets: an explicit one must be valid, free and not reserved;
 * a generated one (from the title) gets -2, -3… until it is.
 */
async function choosePageSlug(db: Db, wanted: string | null, title: string, exceptId: number | null): Promise<string> {
  if (wanted !== null) {
    if (!isValidSlug(wanted)) throw new ValidationError({ slug: 'Use lower-case letters, digits and single hyphens.' });
    if (isReservedSlug(wanted)) throw new ValidationError({ slug: reservedSlugMessage(wanted) });
    if (await isPageSlugTaken(db, wanted, exceptId)) throw new ConflictError(SLUG_TAKEN, { slug: SLUG_TAKEN });
    return wanted;
  }
  return freePageSlug(db, slugify(title) || 'page', exceptId);
}

/** `base`, or `base-2`, `base-3`…: the first that is neither reserved nor taken. */
export async function freePageSlug(db: Db, base: string, exceptId: number | null): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!isReservedSlug(candidate) && !(await isPageSlugTaken(db, candidate, exceptId))) return candidate;
  }
}

/** The columns the editor sets, on a new page and on a changed one alike. */
function pageColumns(draft: PageDraft, slug: string) {
  return {
    slug,
    title: draft.title,
    body_md: draft.bodyMd,
    body_html: renderMarkdown(draft.bodyMd, 'post'),
    status: draft.status,
    show_in_menu: draft.showInMenu,
    menu_order: draft.menuOrder,
  };
}

/** The page's text as a revision keeps it (a page has no excerpt). */
function revisionOf(draft: { title: string; bodyMd: string }) {
  return { title: draft.title, bodyMd: draft.bodyMd, excerpt: null };
}

/** `savedBy`: the author's save from the editor, kept as a revision (imports keep none). */
export async function createPage(db: Db, draft: PageDraft, now: Date, savedBy?: SavedBy): Promise<Page> {
  return db.transaction().execute(async (trx) => {
    const slug = await choosePageSlug(trx, draft.slug, draft.title, null);
    const id = await insertPage(trx, { ...pageColumns(draft, slug), created_at: now, updated_at: now });
    if (savedBy) await keepRevision(trx, { kind: 'page', id }, revisionOf(draft), savedBy);
    await recordChange(trx, [scope.site]);
    return toPage((await selectPageById(trx, id))!);
  });
}

export async function updatePage(db: Db, id: number, draft: PageDraft, now: Date, savedBy?: SavedBy): Promise<Page> {
  return db.transaction().execute(async (trx) => {
    if (!(await selectPageById(trx, id))) throw new NotFoundError('This page no longer exists.');
    const slug = await choosePageSlug(trx, draft.slug, draft.title, id);
    await updatePageRow(trx, id, { ...pageColumns(draft, slug), updated_at: now });
    if (savedBy) await keepRevision(trx, { kind: 'page', id }, revisionOf(draft), savedBy);
    await recordChange(trx, [scope.site]);
    return toPage((await selectPageById(trx, id))!);
  });
}

/** Saves the editor's form: a new page when `pageId` is null. */
export async function savePageForm(
  db: Db,
  input: RawPageForm,
  context: { pageId: number | null; now: Date; authorId?: string },
) {
  const draft = readPageForm(input);
  const savedBy = context.authorId ? { authorId: context.authorId, now: context.now } : undefined;
  return context.pageId === null
    ? createPage(db, draft, context.now, savedBy)
    : updatePage(db, context.pageId, draft, context.now, savedBy);
}

/** Puts an earlier revision's title and body back (status, slug and menu stay) and keeps that as a new revision. */
export async function restorePageRevision(db: Db, pageId: number, revisionId: number, savedBy: SavedBy): Promise<Page> {
  return db.transaction().execute(async (trx) => {
    if (!(await selectPageById(trx, pageId))) throw new NotFoundError('This page no longer exists.');
    const revision = await getRevision(trx, { kind: 'page', id: pageId }, revisionId);
    await updatePageRow(trx, pageId, {
      title: revision.title,
      body_md: revision.bodyMd,
      body_html: renderMarkdown(revision.bodyMd, 'post'),
      updated_at: savedBy.now,
    });
    await keepRevision(trx, { kind: 'page', id: pageId }, revisionOf(revision), savedBy, 'restore');
    await recordChange(trx, [scope.site]);
    return toPage((await selectPageById(trx, pageId))!);
  });
}

/** Deletes a page; returns its title. */
export async function deletePage(db: Db, id: number): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const title = await deletePageRow(trx, id);
    if (title === null) throw new NotFoundError('This page no longer exists.');
    // The menu and the page's own address change: every page's frame.
    await recordChange(trx, [scope.site]);
    return title;
  });
}

/** A page readers may see at /<slug>: published, and never one a built-in route owns. */
export async function findPublishedPage(db: Db, slug: string): Promise<Page | null> {
  if (isReservedSlug(slug)) return null;
  const row = await selectPageBySlug(db, slug);
  return row && row.status === 'published' ? toPage(row) : null;
}

export async function findPageById(db: Db, id: number): Promise<Page | null> {
  const row = await selectPageById(db, id);
  return row ? toPage(row) : null;
}

/** Every page, drafts included, for the author: in menu order. */
export async function listPages(db: Db): Promise<Page[]> {
  return (await selectAllPages(db)).map(toPage);
}

/** The published pages shown in the site menu, in menu order. */
export async function listMenuLinks(db: Db): Promise<MenuLink[]> {
  return selectMenuPages(db);
}

/** Published pages for the sitemap: their path and last change. */
export async function listPageSitemapEntries(db: Db): Promise<{ path: string; lastmod: Date }[]> {
  const rows = await selectPublishedPageSlugs(db);
  return rows.filter((r) => !isReservedSlug(r.slug)).map((r) => ({ path: pagePath(r.slug), lastmod: r.updated_at }));
}
