// A post's tags as one JSON column, sorted by slug: the post pages and the site export read them alike.
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from '../../../db/schema.ts';

export function withTags(eb: ExpressionBuilder<Database, 'posts'>) {
  return eb
    .selectFrom('post_tags')
    .innerJoin('tags', 'tags.id', 'post_tags.tag_id')
    .select(
      sql<
        { slug: string; name: string }[]
      >`coalesce(json_agg(json_build_object('slug', tags.slug, 'name', tags.name) order by tags.slug), '[]'::json)`.as(
        't',
      ),
    )
    .whereRef('post_tags.post_id', '=', 'posts.id')
    .as('tags');
}
