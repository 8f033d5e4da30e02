// SQL for pages. The service holds the rules.
import type { Insertable, Updateable } from 'kysely';
import type { PagesTable } from '../../../db/schema.ts';
import type { Db } from '../db.ts';

export async function selectPageBySlug(db: Db, slug: string) {
  return db.selectFrom('pages').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function selectPageById(db: Db, id: number) {
  return db.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectAllPages(db: Db) {
  return db.selectFrom('pages').selectAll().orderBy('menu_order').orderBy('title').orderBy('id').execute();
}

export async function selectMenuPages(db: Db) {
  return db
    .selectFrom('pages')
    .select(['slug', 'title'])
    .where('status', '=', 'published')
    .where('show_in_menu', '=', true)
    .orderBy('menu_order')
    .orderBy('title')
    .orderBy('id')
    .execute();
}

export async function selectPublishedPageSlugs(db: Db) {
  return db
    .selectFrom('pages')
    .select(['slug', 'updated_at'])
    .where('status', '=', 'published')
    .orderBy('slug')
    .execute();
}

export async function isPageSlugTaken(db: Db, slug: string, exceptId: number | null): Promise<boolean> {
  let query = db.selectFrom('pages').select('id').where('slug', '=', slug);
  if (exceptId !== null) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertPage(db: Db, values: Insertable<PagesTable>): Promise<number> {
  const row = await db.insertInto('pages').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePageRow(db: Db, id: number, values: Updateable<PagesTable>): Promise<boolean> {
  const result = await db.updateTable('pages').set(values).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deletePageRow(db: Db, id: number): Promise<string | null> {
  const row = await db.deleteFrom('pages').where('id', '=', id).returning('title').executeTakeFirst();
  return row?.title ?? null;
}
