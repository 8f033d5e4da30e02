// SQL for the rows an import writes beside the links (repo.ts): pages, updated
// comments, a post's or page's body rewritten afterwards, and the menu.
import type { Insertable, Updateable } from 'kysely';
import type { CommentsTable, PagesTable } from '../../../db/schema.ts';
import type { Db } from '../db.ts';

type EntryKind = 'post' | 'page';

const TABLE = { post: 'posts', page: 'pages' } as const;

export async function readPageSlug(db: Db, id: number): Promise<string> {
  const row = await db.selectFrom('pages').select('slug').where('id', '=', id).executeTakeFirstOrThrow();
  return row.slug;
}

export async function updatePage(db: Db, id: number, values: Updateable<PagesTable>): Promise<void> {
  await db.updateTable('pages').set(values).where('id', '=', id).execute();
}

export async function insertPage(db: Db, values: Insertable<PagesTable>): Promise<number> {
  const row = await db.insertInto('pages').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateComment(db: Db, id: number, values: Updateable<CommentsTable>): Promise<void> {
  await db.updateTable('comments').set(values).where('id', '=', id).execute();
}

/** A post's or page's Markdown, or null when it is gone. */
export async function readEntryMarkdown(db: Db, kind: EntryKind, id: number): Promise<string | null> {
  const row = await db.selectFrom(TABLE[kind]).select('body_md').where('id', '=', id).executeTakeFirst();
  return row?.body_md ?? null;
}

export async function writeEntryBody(db: Db, kind: EntryKind, id: number, bodyMd: string, bodyHtml: string) {
  await db.updateTable(TABLE[kind]).set({ body_md: bodyMd, body_html: bodyHtml }).where('id', '=', id).execute();
}

/** The imported posts and pages of a site, in id order, with their bodies. */
export async function listImportedEntries(db: Db, site: { source: string; site: string }) {
  const links = db.selectFrom('import_links').where('source', '=', site.source).where('site', '=', site.site);
  const posts = await db
    .selectFrom('posts')
    .select(['id', 'title', 'body_md'])
    .where('id', 'in', links.select('post_id').where('kind', '=', 'post'))
    .orderBy('id')
    .execute();
  const pages = await db
    .selectFrom('pages')
    .select(['id', 'title', 'body_md'])
    .where('id', 'in', links.select('page_id').where('kind', '=', 'page'))
    .orderBy('id')
    .execute();
  return [
    ...posts.map((p) => ({ kind: 'post' as const, ...p })),
    ...pages.map((p) => ({ kind: 'page' as const, ...p })),
  ];
}

/** Sets a post's cover unless it has one (an author's choice stays); true when it was set. */
export async function setCoverIfNone(db: Db, postId: number, mediaId: number, alt: string): Promise<boolean> {
  const set = await db
    .updateTable('posts')
    .set({ cover_media_id: mediaId, cover_alt: alt })
    .where('id', '=', postId)
    .where('cover_media_id', 'is', null)
    .executeTakeFirst();
  return set.numUpdatedRows > 0n;
}

export async function hidePagesFromMenu(db: Db, pageIds: number[]): Promise<void> {
  if (pageIds.length > 0)
    await db.updateTable('pages').set({ show_in_menu: false }).where('id', 'in', pageIds).execute();
}

export async function showPageInMenu(db: Db, pageId: number, order: number): Promise<void> {
  await db.updateTable('pages').set({ show_in_menu: true, menu_order: order }).where('id', '=', pageId).execute();
}
