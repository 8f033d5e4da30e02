// SQL for imports: the links from source ids to local rows, and the bulk
// writes that keep a 50,000-comment import to a few statements per post.
import { sql } from 'kysely';
import type { ImportLinkKind, ModerationStatus } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import type { SourceSite } from './model.ts';

interface LinkRow {
  source_id: string;
  local_id: number;
  fingerprint: string;
}

const TARGET = { post: 'post_id', page: 'page_id', comment: 'comment_id' } as const;

/** Links of these source ids (of one kind), by source id. */
export async function findLinks(
  db: Db,
  site: SourceSite,
  kind: ImportLinkKind,
  sourceIds: string[],
): Promise<Map<string, LinkRow>> {
  if (sourceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('import_links')
    .select(['source_id', 'fingerprint', sql<number>`coalesce(post_id, page_id, comment_id)`.as('local_id')])
    .where('source', '=', site.source)
    .where('site', '=', site.site)
    .where('kind', '=', kind)
    .where('source_id', 'in', [...new Set(sourceIds)])
    .execute();
  return new Map(rows.map((r) => [r.source_id, r]));
}

export async function saveLinks(
  db: Db,
  site: SourceSite,
  kind: ImportLinkKind,
  links: { sourceId: string; localId: number; fingerprint: string }[],
): Promise<void> {
  if (links.length === 0) return;
  const column = TARGET[kind];
  await db
    .insertInto('import_links')
    .values(
      links.map((l) => ({
        source: site.source,
        site: site.site,
        kind,
        source_id: l.sourceId,
        post_id: null,
        page_id: null,
        comment_id: null,
        [column]: l.localId,
        fingerprint: l.fingerprint,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['source', 'site', 'kind', 'source_id'])
        .doUpdateSet({ [column]: sql`excluded.${sql.ref(column)}`, fingerprint: sql`excluded.fingerprint` }),
    )
    .execute();
}

/** Local ids of every page this source's import created. */
export async function listLinkedPageIds(db: Db, site: SourceSite): Promise<number[]> {
  const rows = await db
    .selectFrom('import_links')
    .select('page_id')
    .where('source', '=', site.source)
    .where('site', '=', site.site)
    .where('kind', '=', 'page')
    .execute();
  return rows.map((r) => r.page_id!).filter((id) => id !== null);
}

/** Takes n ids from the comments' identity sequence, so a batch can reference its own rows. */
export async function allocateCommentIds(db: Db, n: number): Promise<number[]> {
  if (n === 0) return [];
  const result = await sql<{ id: number }>`
    select nextval(pg_get_serial_sequence('comments', 'id'))::int as id from generate_series(1, ${n})`.execute(db);
  return result.rows.map((r) => Number(r.id));
}

export interface NewCommentRow {
  id: number;
  post_id: number;
  parent_id: number | null;
  author_name: string;
  author_email: string | null;
  author_url: string | null;
  body_md: string;
  body_html: string;
  status: ModerationStatus;
  created_at: Date;
}

/** Inserts comments with their allocated ids; parents must come before their replies. */
export async function insertCommentsWithIds(db: Db, rows: NewCommentRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const values = chunk.map(
      (r) =>
        sql`(${r.id}, ${r.post_id}, ${r.parent_id}, ${r.author_name}, ${r.author_email}, ${r.author_url}, ${r.body_md}, ${r.body_html}, ${r.status}, ${r.created_at}, ${r.created_at})`,
    );
    await sql`insert into comments (id, post_id, parent_id, author_name, author_email, author_url, body_md, body_html, status, created_at, updated_at)
      overriding system value values ${sql.join(values)}`.execute(db);
  }
}

/** Tags by slug, created when missing; returns slug → id and which slugs were new. */
export async function ensureTags(
  db: Db,
  tags: { slug: string; name: string }[],
): Promise<{ ids: Map<string, number>; created: Set<string> }> {
  if (tags.length === 0) return { ids: new Map(), created: new Set() };
  const inserted = await db
    .insertInto('tags')
    .values(tags)
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('slug')
    .execute();
  const rows = await db
    .selectFrom('tags')
    .select(['id', 'slug'])
    .where(
      'slug',
      'in',
      tags.map((t) => t.slug),
    )
    .execute();
  return { ids: new Map(rows.map((r) => [r.slug, r.id])), created: new Set(inserted.map((r) => r.slug)) };
}

/** The account imported posts belong to: the site's first author, or none yet. */
export async function findFirstAuthorId(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'author')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

type AddressMatch = { postId: number } | { pageId: number };

/**
 * Posts (or pages) the site knows under these old-address keys (legacy_paths,
 * whatever the post's state: a draft keeps its comments too) or these slugs,
 * current or earlier (post_slug_redirects).
 */
export async function findPostsForAddresses(
  db: Db,
  keys: string[],
  slugs: string[],
): Promise<{ byKey: Map<string, AddressMatch>; bySlug: Map<string, AddressMatch> }> {
  const byKey = new Map<string, AddressMatch>();
  const bySlug = new Map<string, AddressMatch>();
  const uniqueKeys = [...new Set(keys)];
  for (let i = 0; i < uniqueKeys.length; i += 1000) {
    const rows = await db
      .selectFrom('legacy_paths')
      .select(['path', 'post_id', 'page_id'])
      .where('path', 'in', uniqueKeys.slice(i, i + 1000))
      .execute();
    for (const r of rows) {
      if (r.post_id !== null) byKey.set(r.path, { postId: r.post_id });
      else if (r.page_id !== null) byKey.set(r.path, { pageId: r.page_id });
    }
  }
  const uniqueSlugs = [...new Set(slugs)];
  if (uniqueSlugs.length > 0) {
    const earlier = await db
      .selectFrom('post_slug_redirects')
      .select(['old_slug as slug', 'post_id'])
      .where('old_slug', 'in', uniqueSlugs)
      .execute();
    const current = await db
      .selectFrom('posts')
      .select(['slug', 'id as post_id'])
      .where('slug', 'in', uniqueSlugs)
      .execute();
    for (const r of [...earlier, ...current]) bySlug.set(r.slug, { postId: r.post_id });
  }
  return { byKey, bySlug };
}

/** Old addresses that lead to posts and pages this source's imports wrote, with where they lead. */
export async function listRedirectedPaths(db: Db, site: SourceSite): Promise<{ path: string; target: string }[]> {
  const rows = await db
    .selectFrom('import_links as il')
    .innerJoin('legacy_paths as l', (j) =>
      j.on((eb) => eb.or([eb('l.post_id', '=', eb.ref('il.post_id')), eb('l.page_id', '=', eb.ref('il.page_id'))])),
    )
    .leftJoin('posts', 'posts.id', 'l.post_id')
    .leftJoin('pages', 'pages.id', 'l.page_id')
    .select(['l.path', 'posts.slug as post_slug', 'pages.slug as page_slug'])
    .where('il.source', '=', site.source)
    .where('il.site', '=', site.site)
    .where('il.kind', 'in', ['post', 'page'])
    .orderBy('l.path')
    .execute();
  return rows.map((r) => ({ path: r.path, target: r.post_slug ? `/posts/${r.post_slug}` : `/${r.page_slug}` }));
}
