// SQL for legacy_paths: the old addresses of imported posts, pages and tags.
import { sql } from 'kysely';
import type { Db } from '../db.ts';

/** The slugs these stored paths lead to; a post counts only once readers can see it, a page once published. */
export async function findLegacyTargets(db: Db, paths: string[], now: Date) {
  return db
    .selectFrom('legacy_paths as l')
    .leftJoin('posts', (j) =>
      j.onRef('posts.id', '=', 'l.post_id').on('posts.status', '<>', 'draft').on('posts.published_at', '<=', now),
    )
    .leftJoin('pages', (j) => j.onRef('pages.id', '=', 'l.page_id').on('pages.status', '=', 'published'))
    .leftJoin('tags', 'tags.id', 'l.tag_id')
    .select(['l.path', 'posts.slug as post_slug', 'pages.slug as page_slug', 'tags.slug as tag_slug'])
    .where('l.path', 'in', paths)
    .execute();
}

/** Stores paths with their target; a path stored before now points at the new one. */
export async function upsertLegacyPaths(
  db: Db,
  values: { path: string; post_id: number | null; page_id: number | null; tag_id: number | null }[],
): Promise<void> {
  // A thousand at a time: a statement holds at most 65,535 parameters.
  for (let i = 0; i < values.length; i += 1000) {
    await db
      .insertInto('legacy_paths')
      .values(values.slice(i, i + 1000))
      .onConflict((oc) =>
        oc.column('path').doUpdateSet({
          post_id: sql`excluded.post_id`,
          page_id: sql`excluded.page_id`,
          tag_id: sql`excluded.tag_id`,
        }),
      )
      .execute();
  }
}
