// SQL for the content version (the rule is in version.ts): the site-wide change number and each scope's last one.
import { sql } from 'kysely';
import type { Db } from '../db.ts';

/** Takes the next site-wide change number and stamps it on each of `scopes` (distinct, none of them ANY_CHANGE). */
export async function bumpScopeVersions(trx: Db, scopes: string[]): Promise<void> {
  await sql`
    with bumped as (
      update site_state set content_version = greatest(content_version + 1, nextval('content_version_seq'))
      where id = 1 returning content_version
    )
    insert into content_scopes (scope, version)
    select changed.scope, bumped.content_version from bumped, unnest(${scopes}::text[]) as changed(scope)
    on conflict (scope) do update set version = excluded.version`.execute(trx);
}

/** The row of `content_version_delta(since)`, as the driver returns it (numbers may come as strings, JSON as text). */
export async function selectVersionDelta(db: Db, since: number | null) {
  const { rows } = await sql<{ version: number | string; next_publish_at: Date | null; changed: unknown }>`
    select version, next_publish_at, changed from content_version_delta(${since}::bigint)`.execute(db);
  return rows[0]!;
}
