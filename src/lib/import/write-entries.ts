// Writes imported posts and pages: created the first time, updated when the
// source changed since (by the source's own id), left alone when it did not.
// Posts go in batches (one lookup, one insert, one tag insert per batch), so
// thousands of posts cost tens of statements, not thousands.
import type { Db } from '../db.ts';
import { renderMarkdown } from '../markdown/markdown.ts';
import { freePageSlug } from '../pages/service.ts';
import { insertImportedPosts, writeImportedPost } from '../posts/service.ts';
import { slugify } from '../posts/slug.ts';
import { hashToken } from '../tokens.ts';
import { rememberLegacyPaths, type LegacyTarget } from './legacy.ts';
import type { ImportedEntry, ImportedPage, ImportedPost, ImportedTag, SourceSite } from './model.ts';
import { insertPage, readPageSlug, updatePage } from './entries-repo.ts';
import { ensureTags, findLinks, saveLinks } from './repo.ts';
import { countRemark, type ImportSummary } from './summary.ts';

export interface EntryContext {
  db: Db;
  site: SourceSite;
  summary: ImportSummary;
  now: Date;
  authorId: string | null;
  /** Tag slug → id, for this run (tags are few; posts are many). */
  tagIds: Map<string, number>;
}

export function fingerprint(value: unknown): string {
  return hashToken(JSON.stringify(value));
}

/** "trip-2" is still the slug made from "trip": re-imports keep it rather than renaming. */
function isSlugOf(slug: string, base: string): boolean {
  return slug === base || (slug.startsWith(`${base}-`) && /^\d+$/.test(slug.slice(base.length + 1)));
}

function tagSlug(tag: ImportedTag): string {
  return slugify(tag.name) || `tag-${fingerprint(tag.name).slice(0, 8)}`;
}

/** Creates the tags this run has not met yet, with their old URLs. */
async function ensureRunTags(ctx: EntryContext, tags: ImportedTag[]): Promise<void> {
  const missing = new Map<string, ImportedTag>();
  for (const tag of tags) {
    const slug = tagSlug(tag);
    if (!ctx.tagIds.has(slug) && !missing.has(slug)) missing.set(slug, tag);
  }
  if (missing.size === 0) return;
  const { ids, created } = await ensureTags(
    ctx.db,
    [...missing].map(([slug, t]) => ({ slug, name: t.name })),
  );
  const paths: { path: string; target: LegacyTarget }[] = [];
  for (const [slug, tag] of missing) {
    const id = ids.get(slug)!;
    ctx.tagIds.set(slug, id);
    ctx.summary.counts.tag[created.has(slug) ? 'created' : 'unchanged']++;
    for (const path of tag.legacyPaths) paths.push({ path, target: { tag_id: id } });
  }
  await rememberLegacyPaths(ctx.db, paths);
}

function postWrite(ctx: EntryContext, post: ImportedPost) {
  return {
    slugBase: post.slug || `post-${slugify(post.sourceId) || 'imported'}`,
    title: post.title,
    bodyMd: post.bodyMd,
    excerpt: post.excerpt,
    status: post.status,
    publishedAt: post.publishedAt,
    byline: post.byline,
    commentsClosed: post.commentsClosed,
    tagIds: [...new Set(post.tags.map((t) => ctx.tagIds.get(tagSlug(t))!))],
    authorId: ctx.authorId,
    now: ctx.now,
  };
}

/** Writes a batch of posts; returns source id → local id for every one of them. */
async function writePosts(ctx: EntryContext, posts: ImportedPost[]): Promise<Map<string, number>> {
  const { db, site, summary } = ctx;
  const ids = new Map<string, number>();
  if (posts.length === 0) return ids;
  const links = await findLinks(
    db,
    site,
    'post',
    posts.map((p) => p.sourceId),
  );
  const changed: { post: ImportedPost; print: string; id: number | null }[] = [];
  for (const post of posts) {
    const print = fingerprint(post);
    const link = links.get(post.sourceId);
    if (link?.fingerprint === print) {
      summary.counts.post.unchanged++;
      ids.set(post.sourceId, link.local_id);
    } else {
      changed.push({ post, print, id: link?.local_id ?? null });
    }
  }
  if (changed.length === 0) return ids;
  await ensureRunTags(
    ctx,
    changed.flatMap((c) => c.post.tags),
  );
  const fresh = changed.filter((c) => c.id === null);
  const newIds = await insertImportedPosts(
    db,
    fresh.map((c) => postWrite(ctx, c.post)),
  );
  fresh.forEach((c, i) => (c.id = newIds[i]!));
  summary.counts.post.created += fresh.length;
  for (const c of changed.filter((c) => !fresh.includes(c))) {
    await writeImportedPost(db, { id: c.id, ...postWrite(ctx, c.post) });
    summary.counts.post.updated++;
  }
  for (const c of changed) ids.set(c.post.sourceId, c.id!);
  await rememberLegacyPaths(
    db,
    changed.flatMap((c) => c.post.legacyPaths.map((path) => ({ path, target: { post_id: c.id! } }))),
  );
  await saveLinks(
    db,
    site,
    'post',
    changed.map((c) => ({ sourceId: c.post.sourceId, localId: c.id!, fingerprint: c.print })),
  );
  return ids;
}

/** Writes a page; a slug the site itself uses ("archive") becomes "archive-2". */
async function writePage(ctx: EntryContext, page: ImportedPage): Promise<number> {
  const { db, site, summary } = ctx;
  const print = fingerprint(page);
  const link = (await findLinks(db, site, 'page', [page.sourceId])).get(page.sourceId);
  if (link?.fingerprint === print) {
    summary.counts.page.unchanged++;
    return link.local_id;
  }
  const base = page.slug || `page-${slugify(page.sourceId) || 'imported'}`;
  const values = {
    title: page.title,
    body_md: page.bodyMd,
    body_html: renderMarkdown(page.bodyMd, 'post'),
    status: page.status,
    show_in_menu: page.showInMenu,
    menu_order: page.menuOrder,
    updated_at: ctx.now,
  };
  let id: number;
  if (link) {
    id = link.local_id;
    const current = await readPageSlug(db, id);
    const slug = isSlugOf(current, base) ? current : await freePageSlug(db, base, id);
    await updatePage(db, id, { ...values, slug });
    summary.counts.page.updated++;
  } else {
    const slug = await freePageSlug(db, base, null);
    if (slug !== base) countRemark(summary, `page renamed to "${slug}": "${base}" is taken or used by the site`);
    id = await insertPage(db, { ...values, slug, created_at: page.createdAt ?? ctx.now });
    summary.counts.page.created++;
  }
  await rememberLegacyPaths(
    db,
    page.legacyPaths.map((path) => ({ path, target: { page_id: id } })),
  );
  await saveLinks(db, site, 'page', [{ sourceId: page.sourceId, localId: id, fingerprint: print }]);
  return id;
}

/** Writes a batch of entries in order of kind; returns post source id → local id. */
export async function writeEntries(ctx: EntryContext, entries: ImportedEntry[]): Promise<Map<string, number>> {
  const ids = await writePosts(
    ctx,
    entries.filter((e): e is ImportedPost => e.kind === 'post'),
  );
  for (const entry of entries) if (entry.kind === 'page') await writePage(ctx, entry);
  return ids;
}
