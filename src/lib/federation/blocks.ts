// Remote domains the author blocked: every delivery whose signature or actor
// names such a host (or one under it) is refused (403, nothing read), and
// blocking removes that domain's followers of both our actors, so nothing is
// delivered there either. Unblocking lets them follow again.
import type { Db } from '../db.ts';
import { deleteFollowersOnDomain, findBlockedDomainAmong, insertBlockedDomain } from './repo.ts';

/** A host and each domain above it (`a.b.example` → a.b.example, b.example, example). */
function domainsOf(host: string): string[] {
  const labels = host.toLowerCase().replace(/:\d+$/, '').split('.');
  return labels.map((_, i) => labels.slice(i).join('.')).filter((d) => d.length > 0);
}

export async function isHostBlocked(db: Db, host: string | null): Promise<boolean> {
  if (!host) return false;
  const row = await findBlockedDomainAmong(db, domainsOf(host));
  return row !== undefined;
}

export async function isActorBlocked(db: Db, actorId: URL | null | undefined): Promise<boolean> {
  return actorId ? isHostBlocked(db, actorId.hostname) : false;
}

/** Blocks a domain and removes its followers (of the blog and of the wish board); resolves with how many went. */
export async function blockDomain(db: Db, domain: string, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await insertBlockedDomain(trx, domain, now);
    return deleteFollowersOnDomain(trx, domain);
  });
}
