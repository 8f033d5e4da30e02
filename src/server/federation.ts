// The process's fediverse handle (Fedify's Federation), built once from the
// app's database, config and clock (src/lib/federation), and which requests
// are Fedify's. Those never meet the page cache: its keys drop the query a
// page does not read, so a WebFinger `?resource=…` would get another's answer.
import type { Config } from '../lib/config.ts';
import type { Db } from '../lib/db.ts';
import { createBlogFederation, type BlogFederation } from '../lib/federation/federation.ts';
import { wishSchedule } from '../lib/schedule/week.ts';
import { getLogger } from './log.ts';
import { outboxMailSink } from './mail-sink.ts';

/** WebFinger, NodeInfo and the ActivityPub addresses (actors, inboxes, collections, objects). */
const FEDERATION_PATHS = /^\/(?:\.well-known\/(?:webfinger|nodeinfo)$|nodeinfo\/|ap\/)/;

export function isFederationPath(pathname: string): boolean {
  return FEDERATION_PATHS.test(pathname);
}

const VERSION = '0.1.0';

export function createFederationFor(app: { config: Config; db: Db; now: () => Date }): BlogFederation {
  return createBlogFederation({
    db: app.db,
    now: app.now,
    siteUrl: app.config.siteUrl,
    handle: app.config.fediverseHandle,
    allowPrivateAddress: app.config.federationAllowPrivateAddress,
    version: VERSION,
    wishes: { schedule: wishSchedule(app.config), sendMail: outboxMailSink(app.config) },
    onError: (error, what) => getLogger().warn({ err: error, federation: what }, 'fediverse work failed'),
  });
}
