// Tags as readers find them: only tags with at least one visible post exist for them.
import type { Db } from '../db.ts';
import type { Tag } from './model.ts';
import { countVisiblePostsByTag, findVisibleTag } from './repo.ts';

export interface TagCount extends Tag {
  count: number;
}

/** The tag with this slug, or null when no visible post carries it. */
export function findTag(db: Db, slug: string, now: Date): Promise<Tag | null> {
  return findVisibleTag(db, slug, now);
}

/** Tags with their number of visible posts, busiest first. */
export async function listTags(db: Db, now: Date): Promise<TagCount[]> {
  const rows = await countVisiblePostsByTag(db, now);
  return rows.map((r) => ({ slug: r.slug, name: r.name, count: Number(r.count) }));
}
