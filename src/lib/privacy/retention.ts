// Personal data is kept only as long as it is needed. IP addresses (stored to
// fight abuse) and visitors' emails (stored to recognise a visitor the author
// already approved once) are dropped once older than the retention setting;
// the content itself stays. The nightly housekeeping job calls this.
//
// Every table that stores an IP address: comments, wishes and offers (`ip`),
// and rate_limit_hits, whose bucket names hold IPs (`post:ip:…`,
// `login-fail:ip:…`) and which src/lib/ratelimit already empties after a day.
import type { Db } from '../db.ts';
import type { SiteSettings } from '../settings/settings.ts';
import {
  blankVisitorEmailsBefore,
  deleteIpRateLimitHitsBefore,
  dropIpsBefore,
  dropVisitorTokensBefore,
  type ContributionTable,
} from './repo.ts';

const DAY_MS = 86_400_000;
const TABLES: readonly ContributionTable[] = ['comments', 'wishes', 'offers'];

interface PruneOutcome {
  /** Rows whose IP address was dropped. */
  ipsDropped: number;
  /** Visitors' contributions whose email was blanked. */
  emailsBlanked: number;
  /** Visitors' contributions no longer tied to their browser's cookie. */
  visitorTokensDropped: number;
}

function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * Drops what is older than `personalDataRetentionDays`: IPs everywhere, and
 * the email and cookie hash of visitors' (not members') contributions. Safe to
 * run any number of times, on any number of processes.
 */
export async function pruneOldPersonalData(
  db: Db,
  now: Date,
  settings: Pick<SiteSettings, 'personalDataRetentionDays'>,
): Promise<PruneOutcome> {
  const cutoff = retentionCutoff(now, settings.personalDataRetentionDays);
  const outcome: PruneOutcome = { ipsDropped: 0, emailsBlanked: 0, visitorTokensDropped: 0 };
  for (const table of TABLES) {
    outcome.ipsDropped += await dropIpsBefore(db, table, cutoff);
    outcome.emailsBlanked += await blankVisitorEmailsBefore(db, table, cutoff);
    outcome.visitorTokensDropped += await dropVisitorTokensBefore(db, table, cutoff);
  }
  await deleteIpRateLimitHitsBefore(db, cutoff);
  return outcome;
}
