// Caches follow the database, whatever changed it (issue 28): two app
// processes on one database keep a post's page; an edit made by hand in SQL
// and announced by `npm run cache:flush` (recordEverythingChanged), and a
// backup restored under them (the change number goes back), are both shown on
// each process's very next read.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postChanged, postPageScopes } from '../../src/lib/content/scopes.ts';
import { recordChange, recordEverythingChanged } from '../../src/lib/content/version.ts';
import { createDb, type Db } from '../../src/lib/db.ts';
import type { Post } from '../../src/lib/posts/model.ts';
import { PageStore, type Freshness } from '../../src/server/cache/page-store.ts';
import { createScopedVersionReader } from '../../src/server/cache/version-reader.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makePost } from '../helpers/fixtures.ts';

interface Kept extends Freshness {
  title: string;
}

/** One app process: its own database handle, version reader and page store, keeping a post's title as its page. */
function appProcess(db: Db) {
  const readVersions = createScopedVersionReader(db);
  const store = new PageStore<Kept>({ maxBytes: 1024 * 1024 });
  return async function read(post: Post): Promise<string> {
    const state = await readVersions();
    const key = `post ${post.id}`;
    const hit = store.get(key, state, 0);
    if (hit) return hit.title;
    const { title } = await db.selectFrom('posts').select('title').where('id', '=', post.id).executeTakeFirstOrThrow();
    store.set(key, {
      renderedAt: state.version,
      scopes: postPageScopes(post.id),
      expiresAt: Infinity,
      bytes: 0,
      title,
    });
    return title;
  };
}

describe.each(dbTargets)('caches follow the database on %s', (target) => {
  let t: TestDatabase;
  let second: Db | null = null;
  let one: ReturnType<typeof appProcess>;
  let two: ReturnType<typeof appProcess>;
  let post: Post;

  const setTitle = (title: string) => t.db.updateTable('posts').set({ title }).where('id', '=', post.id).execute();
  /** An edit through the app: the title and its recorded change, in one transaction. */
  const editInApp = (title: string) =>
    t.db.transaction().execute(async (trx) => {
      await trx.updateTable('posts').set({ title }).where('id', '=', post.id).execute();
      await recordChange(trx, postChanged(post.id));
    });

  beforeAll(async () => {
    t = await openTestDb(target);
    second = t.url ? createDb({ databaseUrl: t.url, dataDir: '' }) : null;
    one = appProcess(t.db);
    two = appProcess(second ?? t.db);
    post = await makePost(t.db, { title: 'First' });
  });
  afterAll(async () => {
    await second?.destroy();
    await t?.drop();
  });

  it('drops every kept page on every process when an edit by hand is announced', async () => {
    expect([await one(post), await two(post)]).toEqual(['First', 'First']);
    await setTitle('Fixed by hand');
    // Unannounced, the edit is not seen: that is what cache:flush is for.
    expect([await one(post), await two(post)]).toEqual(['First', 'First']);
    await recordEverythingChanged(t.db);
    expect([await one(post), await two(post)]).toEqual(['Fixed by hand', 'Fixed by hand']);
    // And kept again after that, until the next change.
    await setTitle('Unannounced');
    expect([await one(post), await two(post)]).toEqual(['Fixed by hand', 'Fixed by hand']);
    await editInApp('Edited');
  });

  it('starts over when the change number goes back (a backup restored, a failover)', async () => {
    expect([await one(post), await two(post)]).toEqual(['Edited', 'Edited']);
    const backup = await sql<{ version: string }>`select content_version as version from site_state`.execute(t.db);
    const scopesBefore = await t.db.selectFrom('content_scopes').selectAll().execute();
    await editInApp('After the backup');
    await editInApp('After the backup, twice');
    expect([await one(post), await two(post)]).toEqual(['After the backup, twice', 'After the backup, twice']);
    // The backup comes back: its title, its change number, its scopes' numbers.
    await t.db.transaction().execute(async (trx) => {
      await trx.updateTable('posts').set({ title: 'Restored' }).where('id', '=', post.id).execute();
      await sql`update site_state set content_version = ${backup.rows[0]!.version}`.execute(trx);
      await trx.deleteFrom('content_scopes').execute();
      if (scopesBefore.length > 0) await trx.insertInto('content_scopes').values(scopesBefore).execute();
    });
    expect([await one(post), await two(post)]).toEqual(['Restored', 'Restored']);
    // Writes after the restore are seen as ever, and pages are kept again between them.
    await editInApp('New after restore');
    expect([await one(post), await two(post)]).toEqual(['New after restore', 'New after restore']);
    await setTitle('Unannounced again');
    expect([await one(post), await two(post)]).toEqual(['New after restore', 'New after restore']);
  });
});
