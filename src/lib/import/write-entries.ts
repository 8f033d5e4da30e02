// Writes imported posts and pages: created the first time, updated when the
// source changed since (by the source's own id), left alone when it did not.
import type { Db } from '../db.ts';
import { renderMarkdown } from '../markdown/markdown.ts';
import { freePageSlug } from '../pages/service.ts';
import { writeImportedPost } from '../posts/service.ts';
import { slugify } from '../posts/slug.ts';
import { hashToken } from '../tokens.ts';
import { rememberLegacyPaths } from './legacy.ts';
import type { ImportedPage, ImportedPost, ImportedTag, SourceSite } from './model.ts';
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

async function tagIdsFor(ctx: EntryContext, tags: ImportedTag[]): Promise<number[]> {
  const bySlug = new Map(tags.map((t) => [tagSlug(t), t]));
  const missing = [...bySlug].filter(([slug]) => !ctx.tagIds.has(slug));
  if (missing.length > 0) {
    const { ids, created } = await ensureTags(
      ctx.db,
      missing.map(([slug, t]) => ({ slug, name: t.name })),
    );
    for (const [slug, tag] of missing) {
      const id = ids.get(slug)!;
      ctx.tagIds.set(slug, id);
      ctx.summary.counts.tag[created.has(slug) ? 'created' : 'unchanged']++;
      await rememberLegacyPaths(ctx.db, tag.legacyPaths, { tag_id: id });
    }
  }
  return [...bySlug.keys()].map((slug) => ctx.tagIds.get(slug)!);
}

/** Writes a post; returns its local id. */
export async function writePost(ctx: EntryContext, post: ImportedPost): Promise<number> {
  const { db, site, summary } = ctx;
  const print = fingerprint(post);
  const link = (await findLinks(db, site, 'post', [post.sourceId])).get(post.sourceId);
  if (link?.fingerprint === print) {
    summary.counts.post.unchanged++;
    return link.local_id;
  }
  const id = await writeImportedPost(db, {
    id: link?.local_id ?? null,
    slugBase: post.slug || `post-${slugify(post.sourceId) || 'imported'}`,
    title: post.title,
    bodyMd: post.bodyMd,
    excerpt: post.excerpt,
    status: post.status,
    publishedAt: post.publishedAt,
    byline: post.byline,
    commentsClosed: post.commentsClosed,
    tagIds: await tagIdsFor(ctx, post.tags),
    authorId: ctx.authorId,
    now: ctx.now,
  });
  summary.counts.post[link ? 'updated' : 'created']++;
  await rememberLegacyPaths(db, post.legacyPaths, { post_id: id });
  await saveLinks(db, site, 'post', [{ sourceId: post.sourceId, localId: id, fingerprint: print }]);
  return id;
}

/** Writes a page; a slug the site itself uses ("archive") becomes "archive-2". */
export async function writePage(ctx: EntryContext, page: ImportedPage): Promise<number> {
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
    const current = await db.selectFrom('pages').select('slug').where('id', '=', id).executeTakeFirstOrThrow();
    const slug = isSlugOf(current.slug, base) ? current.slug : await freePageSlug(db, base, id);
    await db
      .updateTable('pages')
      .set({ ...values, slug })
      .where('id', '=', id)
      .execute();
    summary.counts.page.updated++;
  } else {
    const slug = await freePageSlug(db, base, null);
    if (slug !== base) countRemark(summary, `page renamed to "${slug}": "${base}" is taken or used by the site`);
    const row = await db
      .insertInto('pages')
      .values({ ...values, slug, created_at: page.createdAt ?? ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
    summary.counts.page.created++;
  }
  await rememberLegacyPaths(db, page.legacyPaths, { page_id: id });
  await saveLinks(db, site, 'page', [{ sourceId: page.sourceId, localId: id, fingerprint: print }]);
  return id;
}
