// SQL for posts written by imports: the content folder (import.ts) and the batch import (service.ts).
// repo.ts holds the rest; nothing here decides anything.
import { sql } from 'kysely';
import type { NewPost, PostUpdate } from '../../../db/schema.ts';
import type { Db } from '../db.ts';

/** The post a content file with this slug wrote, with what the file sets. */
export async function findContentPostBySlug(db: Db, slug: string) {
  return db
    .selectFrom('posts')
    .select(['id', 'title', 'body_md', 'excerpt', 'status', 'published_at'])
    .where('slug', '=', slug)
    .executeTakeFirst();
}

/** Writes a content file's version over its post. */
export async function updateContentPost(db: Db, id: number, values: Omit<PostUpdate, 'updated_at'>): Promise<void> {
  await db
    .updateTable('posts')
    .set({
      ...values,
      // The database's clock: content import runs outside any request.
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/** Which of these slugs posts already have. */
export async function listTakenSlugs(db: Db, candidates: string[]): Promise<string[]> {
  const rows = await db.selectFrom('posts').select('slug').where('slug', 'in', candidates).execute();
  return rows.map((r) => r.slug);
}

/** Slugs that are posts' live slugs again no longer redirect anywhere. */
export async function dropSlugRedirects(db: Db, slugs: string[]): Promise<void> {
  await db.deleteFrom('post_slug_redirects').where('old_slug', 'in', slugs).execute();
}

/** Inserts many posts in one statement; returns each one's id and slug. */
export async function insertPosts(db: Db, values: NewPost[]) {
  return db.insertInto('posts').values(values).returning(['id', 'slug']).execute();
}

/** Tags many posts in one statement. */
export async function insertPostTagLinks(db: Db, links: { post_id: number; tag_id: number }[]): Promise<void> {
  await db.insertInto('post_tags').values(links).execute();
}
