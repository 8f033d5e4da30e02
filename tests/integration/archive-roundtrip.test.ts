// Issue 30 item 4: a site exported as a complete archive (npm run export --
// wishcast FILE) and imported into an empty site (npm run import -- wishcast
// FILE) is the same site: every content table row for row, ids and sequences
// kept, every media file byte for byte; a site that holds content is refused;
// a site holding only the seeded sample posts is replaced; a link inside an
// archive is never followed. PGlite, and
// PostgreSQL when TEST_DATABASE_URL is set.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { sql } from 'kysely';
import { create, extract } from 'tar';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index.ts';
import { seedSampleSite } from '../../scripts/sample-site.ts';
import { EVERYTHING } from '../../src/lib/content/scopes.ts';
import type { Db } from '../../src/lib/db.ts';
import { ARCHIVE_TABLES } from '../../src/lib/import/export/coverage.ts';
import { readTableShape } from '../../src/lib/import/export/archive/tables-repo.ts';
import { ArchiveError, NO_PASSWORD } from '../../src/lib/import/export/archive/format.ts';
import { restoreArchive } from '../../src/lib/import/export/archive/restore.ts';
import { writeArchive } from '../../src/lib/import/export/archive/write.ts';
import { uploadMedia } from '../../src/lib/media/service.ts';
import { createFileStorage } from '../../src/lib/media/storage.ts';
import { seedPages } from '../../src/lib/pages/seed.ts';
import { importContentDir } from '../../src/lib/posts/import.ts';
import { updateSettings } from '../../src/lib/settings/settings.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeImage } from '../helpers/images.ts';

const NOW = new Date('2026-12-02T10:00:00Z');
const LATEST = Object.keys(migrations).sort().at(-1)!;
const SAMPLE = {
  postSlugs: readdirSync('content/posts').map((f) => f.replace(/\.md$/, '')),
  pageSlugs: readdirSync('content/pages').map((f) => f.replace(/\.md$/, '')),
};

/** Every file under a folder, by relative path, as a hash of its bytes. */
function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return files;
}

/** Each archived table's rows by primary key, as PostgreSQL writes them; password hashes apart. */
async function contents(db: Db): Promise<Record<string, string[]>> {
  const all: Record<string, string[]> = {};
  for (const table of ARCHIVE_TABLES) {
    const shape = await readTableShape(db, table);
    const key = sql.join(shape.primaryKey.map((k) => sql.ref(`t.${k.name}`)));
    const { rows } = await sql<{ r: string }>`
      select (to_jsonb(t) - 'password_hash')::text as r from ${sql.table(table)} t order by ${key}`.execute(db);
    all[table] = rows.map((row) => row.r);
  }
  return all;
}

/** Fills the tables the sample site leaves empty, as the features that own them would. */
async function addTheRest(db: Db, ids: { author: string; reader: string }) {
  const post = await db.selectFrom('posts').select(['id', 'slug']).orderBy('id').executeTakeFirstOrThrow();
  const comment = await db.selectFrom('comments').select('id').orderBy('id').executeTakeFirstOrThrow();
  const wish = await db.selectFrom('wishes').select('id').orderBy('id').executeTakeFirstOrThrow();
  const media = await db.selectFrom('media').select('id').orderBy('id').executeTakeFirstOrThrow();
  const page = await db.selectFrom('pages').select('id').orderBy('id').executeTakeFirstOrThrow();
  // A slug change: the old slug answers 301.
  await db
    .updateTable('posts')
    .set({ slug: `${post.slug}-renamed` })
    .where('id', '=', post.id)
    .execute();
  await db.insertInto('post_slug_redirects').values({ old_slug: post.slug, post_id: post.id }).execute();
  await db
    .updateTable('users')
    .set({ bio: 'I *write*.', bio_html: '<p>I <em>write</em>.</p>', website: 'https://ada.example' })
    .where('id', '=', ids.author)
    .execute();
  await updateSettings(db, { siteName: 'Moved Blog' });
  await db.insertInto('prompts').values({ wish_date: '2026-12-09', prompt: 'What would help?' }).execute();
  await db
    .insertInto('notifications')
    .values({ user_id: ids.reader, kind: 'reply', message: 'A reply', link: '/posts/x' })
    .execute();
  await db.insertInto('mail_preferences').values({ user_id: ids.reader, kind: 'replies', enabled: false }).execute();
  await db.insertInto('mail_addresses').values({ email: 'sam@visitor.test', confirmed_at: NOW }).execute();
  await db.insertInto('reply_subscriptions').values({ comment_id: comment.id, email: 'sam@visitor.test' }).execute();
  await db.insertInto('wish_followups').values({ wish_id: wish.id, step: 2, sent_at: NOW }).execute();
  await db.insertInto('legacy_paths').values({ path: '/2007/03/old-post.html', post_id: post.id }).execute();
  await db.insertInto('media_usages').values({ post_id: post.id, media_id: media.id }).execute();
  await db
    .insertInto('fediverse_followers')
    .values({
      actor_id: 'https://social.example/users/kim',
      inbox: 'https://social.example/users/kim/inbox',
      shared_inbox: 'https://social.example/inbox',
      handle: '@kim@social.example',
      created_at: NOW,
    })
    .execute();
  await db
    .insertInto('fediverse_reactions')
    .values({
      actor_id: 'https://social.example/users/kim',
      post_id: post.id,
      kind: 'like',
      activity_id: 'https://social.example/likes/1',
      created_at: NOW,
    })
    .execute();
  await db.insertInto('fediverse_blocked_domains').values({ domain: 'spam.example', created_at: NOW }).execute();
  // What the spam filter learnt from this site's decisions.
  await db.insertInto('spam_tokens').values({ token: 'casino', spam: 3, ham: 0 }).execute();
  await db
    .insertInto('followers')
    .values({ email: 'fan@example.org', source: 'form', created_at: NOW, confirmed_at: NOW })
    .execute();
  await db
    .insertInto('revisions')
    .values([
      { post_id: post.id, title: 'First draft', body_md: 'Draft *one*', kind: 'save', saved_at: NOW },
      { page_id: page.id, title: 'Privacy', body_md: 'Earlier words', kind: 'autosave', saved_at: NOW },
    ])
    .execute();
  await db
    .insertInto('audit_log')
    .values({
      at: NOW,
      actor_id: ids.author,
      actor_name: 'Ada Author',
      action: 'comment.approve',
      subject: 'comment 1',
    })
    .execute();
  await db
    .insertInto('blocks')
    .values({ kind: 'cidr', value: '203.0.113.0/24', note: 'a spammer', created_by: ids.author, created_at: NOW })
    .execute();
  await db
    .insertInto('reports')
    .values({ target: 'comment', target_id: comment.id, reporter_key: 'u:x', reason: 'spam', created_at: NOW })
    .execute();
}

describe.each(dbTargets)('a complete archive on %s', (target) => {
  const scratch = mkdtempSync(join(tmpdir(), 'wishcast-archive-test-'));
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of opened) await db.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('restores the same site, rows and media files, and refuses a site that holds content', async () => {
    const source = await openTestDb(target);
    opened.push(source);
    const sourceMedia = join(scratch, 'media-source');
    const storage = createFileStorage(sourceMedia);
    const sample = await seedSampleSite(source.db, NOW, { timeZone: 'UTC', wishWeekday: NOW.getUTCDay() || 7 });
    await seedPages(source.db, resolve('content/pages'), NOW);
    const people = await source.db.selectFrom('users').select(['id', 'email']).execute();
    const author = people.find((p) => p.email === sample.authorEmail)!.id;
    const reader = people.find((p) => p.email === sample.readerEmail)!.id;
    for (const bytes of [await makeImage('jpeg'), await makeImage('png', { width: 320, height: 200 })]) {
      await uploadMedia(
        source.db,
        storage,
        { file: { bytes, name: 'photo' }, alt: 'A test photo' },
        { ownerId: author, now: NOW },
      );
    }
    await addTheRest(source.db, { author, reader });
    const before = await contents(source.db);
    const empty = Object.entries(before).filter(([, rows]) => rows.length === 0);
    expect(
      empty.map(([t]) => t),
      'every archived table has rows to carry',
    ).toEqual([]);
    const filesBefore = filesOf(sourceMedia);
    expect(Object.keys(filesBefore).length).toBeGreaterThanOrEqual(2);

    const file = join(scratch, `site-${target}.tar.gz`);
    const written = await writeArchive(source.db, storage, file, {
      siteUrl: 'https://old.example/',
      migration: LATEST,
      withPasswords: false,
      now: NOW,
    });
    expect(written.missingMedia).toEqual([]);
    expect(written.mediaFiles).toBe(Object.keys(filesBefore).length);

    // The target: a freshly started site, which seeds the sample posts and pages; those are replaced.
    const copy = await openTestDb(target);
    opened.push(copy);
    await importContentDir(copy.db, resolve('content/posts'));
    await seedPages(copy.db, resolve('content/pages'), NOW);
    const copyMedia = join(scratch, 'media-copy');
    // First an archive whose "media file" is a link to a file outside it: the link is not followed.
    const crafted = mkdtempSync(join(scratch, 'crafted-'));
    mkdirSync(join(crafted, 'tables'));
    mkdirSync(join(crafted, 'media'));
    writeFileSync(join(scratch, 'secret.txt'), 'not for the public');
    symlinkSync(join(scratch, 'secret.txt'), join(crafted, 'media', `${'a'.repeat(32)}.png`));
    const manifest = { format: 'wishcast-archive', version: 1, exportedAt: NOW.toISOString(), siteUrl: 'x' };
    writeFileSync(
      join(crafted, 'manifest.json'),
      JSON.stringify({ ...manifest, migration: LATEST, withPasswords: false, tables: [], mediaFiles: 1 }),
    );
    const craftedFile = join(scratch, 'crafted.tar.gz');
    await create({ gzip: true, file: craftedFile, cwd: crafted }, ['manifest.json', 'tables', 'media']);
    const replaced = await restoreArchive(copy.db, createFileStorage(copyMedia), craftedFile, {
      knownMigrations: Object.keys(migrations),
      sample: SAMPLE,
    });
    expect(replaced.replacedSample).toBe(true);
    expect(existsSync(copyMedia) ? filesOf(copyMedia) : {}).toEqual({});

    const restored = await restoreArchive(copy.db, createFileStorage(copyMedia), file, {
      knownMigrations: Object.keys(migrations),
      sample: SAMPLE,
    });
    expect(restored.replacedSample).toBe(false);
    expect(restored.manifest.siteUrl).toBe('https://old.example');

    expect(await contents(copy.db)).toEqual(before);
    expect(filesOf(copyMedia)).toEqual(filesBefore);
    const hashes = await copy.db.selectFrom('users').select('password_hash').execute();
    expect(new Set(hashes.map((h) => h.password_hash))).toEqual(new Set([NO_PASSWORD]));

    // Sequences go on past the restored ids; caches hear of a site-wide change.
    const maxComment = await copy.db
      .selectFrom('comments')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    const next = await sql<{ id: string }>`select nextval(pg_get_serial_sequence('comments', 'id')) as id`.execute(
      copy.db,
    );
    expect(Number(next.rows[0]!.id)).toBe(Number(maxComment!.id) + 1);
    const scope = await copy.db
      .selectFrom('content_scopes')
      .select('scope')
      .where('scope', '=', EVERYTHING)
      .executeTakeFirst();
    expect(scope).toBeDefined();

    // A site with content is refused, in one line, exit code 2.
    const again = restoreArchive(copy.db, createFileStorage(copyMedia), file, {
      knownMigrations: Object.keys(migrations),
      sample: SAMPLE,
    });
    await expect(again).rejects.toThrow(ArchiveError);
    await expect(again).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/holds content/) });

    // Password hashes travel only when asked.
    const withPasswords = join(scratch, `site-${target}-passwords.tar.gz`);
    await writeArchive(source.db, storage, withPasswords, {
      siteUrl: 'https://old.example',
      migration: LATEST,
      withPasswords: true,
      now: NOW,
    });
    for (const [archive, expected] of [
      [file, false],
      [withPasswords, true],
    ] as const) {
      const dir = mkdtempSync(join(scratch, 'open-'));
      await extract({ file: archive, cwd: dir });
      expect(readFileSync(join(dir, 'tables/users.jsonl'), 'utf8').includes('"password_hash"')).toBe(expected);
    }
  }, 120_000);
});
