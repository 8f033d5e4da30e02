// SQL for imported_media: which old address each copied image came from, so a
// re-run fetches only what is missing and the old upload address finds its copy.
import { sql } from 'kysely';
import type { Db } from '../../db.ts';

export async function findImportedMediaId(db: Db, sourceUrl: string): Promise<number | null> {
  const row = await db
    .selectFrom('imported_media')
    .select('media_id')
    .where('source_url', '=', sourceUrl)
    .executeTakeFirst();
  return row?.media_id ?? null;
}

export async function rememberImportedMedia(
  db: Db,
  row: { source_url: string; old_path: string; media_id: number; created_at: Date },
): Promise<void> {
  await db
    .insertInto('imported_media')
    .values(row)
    .onConflict((oc) => oc.column('source_url').doUpdateSet({ media_id: sql`excluded.media_id` }))
    .execute();
}

/** The copies made from any of these old paths, newest first. */
export async function listImportedByOldPath(db: Db, paths: string[]) {
  return db
    .selectFrom('imported_media')
    .select(['media_id', 'old_path'])
    .where('old_path', 'in', paths)
    .orderBy('created_at', 'desc')
    .execute();
}
