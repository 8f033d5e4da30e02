// Remote domains the author blocked: every delivery whose signature or actor
// names such a host (or one under it) is refused (403, nothing read), and
// blocking removes that domain's followers of both our actors, so nothing is
// delivered there either. Unblocking lets them follow again.
import { sql } from 'kysely';
import type { Db } from '../db.ts';

/** A host and each domain above it (`a.b.example` → a.b.example, b.example, example). */
function domainsOf(host: string): string[] {
  const labels = host.toLowerCase().replace(/:\d+$/, '').split('.');
  return labels.map((_, i) => labels.slice(i).join('.')).filter((d) => d.length > 0);
}

export async function isHostBlocked(db: Db, host: string | null): Promise<boolean> {
  if (!host) return false;
  const row = await db
    .selectFrom('fediverse_blocked_domains')
    .select('domain')
    .where('domain', 'in', domainsOf(host))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function isActorBlocked(db: Db, actorId: URL | null | undefined): Promise<boolean> {
  return actorId ? isHostBlocked(db, actorId.hostname) : false;
}

/** Blocks a domain and removes its followers (of the blog and of the wish board); resolves with how many went. */
export async function blockDomain(db: Db, domain: string, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('fediverse_blocked_domains')
      .values({ domain, created_at: now })
      .onConflict((oc) => oc.column('domain').doNothing())
      .execute();
    // The actor id's host is the domain or one under it (`https://domain/…`, `https://x.domain/…`, any port).
    const host = sql<string>`lower(substring(actor_id from '^[a-z]+://([^/:]+)'))`;
    const removed = await trx
      .deleteFrom('fediverse_followers')
      .where((eb) => eb.or([eb(host, '=', domain), eb(host, 'like', `%.${domain.replace(/[%_\\]/g, '\\$&')}`)]))
      .executeTakeFirst();
    return Number(removed.numDeletedRows);
  });
}

export async function unblockDomain(db: Db, domain: string): Promise<boolean> {
  const result = await db.deleteFrom('fediverse_blocked_domains').where('domain', '=', domain).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function listBlockedDomains(db: Db): Promise<{ domain: string; createdAt: Date }[]> {
  const rows = await db.selectFrom('fediverse_blocked_domains').selectAll().orderBy('domain').limit(1000).execute();
  return rows.map((r) => ({ domain: r.domain, createdAt: r.created_at }));
}
