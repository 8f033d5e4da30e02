// Delivery of one post to 10,000 fediverse followers on 500 hosts: our
// fan-out walks the followers table a page of shared inboxes at a time into
// the database queue, and the queue's listener delivers each, signed by
// Fedify, to a local HTTP sink (500 servers on loopback ports, one per host,
// accepting anything; private addresses allowed as with
// FEDERATION_ALLOW_PRIVATE_ADDRESS=1). Reports the time to queue, the time
// until every host has its delivery, and the process's peak RSS. Prints
// figures; not a test. Usage:
//   node bench/fediverse.ts     (PostgreSQL from DATABASE_URL or TEST_DATABASE_URL, else PGlite)
//   FEDI_BENCH_FOLLOWERS=10000 FEDI_BENCH_HOSTS=500 FEDI_BENCH_LISTENERS=4 node bench/fediverse.ts
import { createServer, type Server } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { Article, Create, PUBLIC_COLLECTION } from '@fedify/vocab';
import { sql } from 'kysely';
import { migrateToLatest } from '../db/migrator.ts';
import { createDb, type Db } from '../src/lib/db.ts';
import { BLOG_ACTOR } from '../src/lib/federation/articles.ts';
import { enqueueFanout, runFanouts } from '../src/lib/federation/fanout.ts';
import { createBlogFederation } from '../src/lib/federation/federation.ts';
import { createPostgresDatabaseOn } from './support.ts';

const FOLLOWERS = Number(process.env.FEDI_BENCH_FOLLOWERS ?? 10_000);
const HOSTS = Number(process.env.FEDI_BENCH_HOSTS ?? 500);
/** Queue listeners in this process (the server starts one per process; several processes each add theirs). */
const LISTENERS = Number(process.env.FEDI_BENCH_LISTENERS ?? 1);
const SITE = 'http://wishcast.bench';

async function openDatabase(): Promise<{ db: Db; label: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const created = await createPostgresDatabaseOn(serverUrl, 'wishcast_fedibench');
    const db = createDb({ databaseUrl: created.url, dataDir: '' });
    await migrateToLatest(db);
    return { db, label: 'PostgreSQL', drop: async () => (await db.destroy(), await created.drop()) };
  }
  const db = createDb({ databaseUrl: null, dataDir: 'memory://' });
  await migrateToLatest(db);
  return { db, label: 'PGlite (in memory)', drop: () => db.destroy() };
}

/** One HTTP server per remote host, each counting the deliveries to its shared inbox. */
async function startSinks(count: number) {
  const servers: Server[] = [];
  const ports: number[] = [];
  const perHost = new Map<number, number>();
  let delivered = 0;
  for (let i = 0; i < count; i++) {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.method === 'POST') {
          delivered++;
          perHost.set(i, (perHost.get(i) ?? 0) + 1);
        }
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    servers.push(server);
    ports.push((server.address() as { port: number }).port);
  }
  return {
    ports,
    delivered: () => delivered,
    hostsReached: () => perHost.size,
    stop: () => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))),
  };
}

const { db, label, drop } = await openDatabase();
const sinks = await startSinks(HOSTS);
const abort = new AbortController();
try {
  // Followers: FOLLOWERS accounts spread over HOSTS servers, each offering its shared inbox, as Mastodon does.
  const origins = sinks.ports.map((port) => `http://127.0.0.1:${port}`);
  await sql`
    insert into fediverse_followers (local_actor, actor_id, inbox, shared_inbox, handle, created_at)
    select 'blog',
           (${sql.val(origins)}::text[])[1 + g % ${HOSTS}] || '/users/u' || g,
           (${sql.val(origins)}::text[])[1 + g % ${HOSTS}] || '/users/u' || g || '/inbox',
           (${sql.val(origins)}::text[])[1 + g % ${HOSTS}] || '/inbox',
           '@u' || g || '@host' || (g % ${HOSTS}),
           now()
    from generate_series(1, ${FOLLOWERS}) g`.execute(db);

  const federation = createBlogFederation({
    db,
    now: () => new Date(),
    siteUrl: SITE,
    handle: 'blog',
    allowPrivateAddress: true,
    version: 'bench',
    onError: (error, what) => console.error(what, error),
    queuePollMs: 50,
  });
  const ctx = federation.createContext(new URL(SITE), undefined);
  const article = new Article({
    id: ctx.getObjectUri(Article, { id: '1' }),
    attribution: ctx.getActorUri(BLOG_ACTOR),
    name: 'A post for ten thousand followers',
    content: '<p>Hello, fediverse.</p>',
    to: PUBLIC_COLLECTION,
    cc: ctx.getFollowersUri(BLOG_ACTOR),
  });
  const create = new Create({
    id: new URL(`${article.id!.href}#create`),
    actor: ctx.getActorUri(BLOG_ACTOR),
    object: article,
    tos: article.toIds,
    ccs: article.ccIds,
  });
  // Keys are made on first use: not part of the measure.
  await ctx.getActorKeyPairs(BLOG_ACTOR);

  let peakRss = process.memoryUsage().rss;
  const baseRss = peakRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  console.log(
    `fediverse bench on ${label}; ${cpus().length} cores; load ${loadavg()[0]!.toFixed(2)}; ` +
      `${FOLLOWERS} followers on ${HOSTS} hosts; ${LISTENERS} queue listener(s); RSS before ${(baseRss / 2 ** 20).toFixed(0)} MB`,
  );
  const started = performance.now();
  await enqueueFanout(db, ctx, BLOG_ACTOR, create, new Date());
  const inboxes = await runFanouts(federation, db, () => new Date(), SITE);
  const queuedSeconds = (performance.now() - started) / 1000;
  for (let i = 0; i < LISTENERS; i++) void federation.startQueue(undefined, { signal: abort.signal });
  while (sinks.delivered() < inboxes && performance.now() - started < 600_000) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const left = await db
    .selectFrom('fediverse_queue')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  console.log(
    `one post to ${FOLLOWERS} followers: ${inboxes} shared inboxes queued in ${queuedSeconds.toFixed(2)} s; ` +
      `${sinks.delivered()} delivered to ${sinks.hostsReached()} of ${HOSTS} hosts in ${seconds.toFixed(1)} s ` +
      `(${(sinks.delivered() / seconds).toFixed(0)} deliveries/s); peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB ` +
      `(+${((peakRss - baseRss) / 2 ** 20).toFixed(0)} MB); ${Number(left.n)} messages left in the queue`,
  );
} finally {
  abort.abort();
  await new Promise((r) => setTimeout(r, 200));
  await sinks.stop();
  await drop();
}
