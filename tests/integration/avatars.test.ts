// Uploaded avatars against a real database and a real directory: upload (square
// variants stored, shown as <picture> on the profile and in the thread),
// replace and remove (old files deleted, content scopes recorded), refusal of
// a bad file, the size limit, and the files going with a deleted account.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/lib/auth/users.ts';
import { createComment } from '../../src/lib/comments/service.ts';
import { readThreadComments } from '../../src/lib/comments/thread.ts';
import { ImageRefusedError } from '../../src/lib/media/refusal.ts';
import { createFileStorage, type MediaStorage } from '../../src/lib/media/storage.ts';
import { deleteAccount } from '../../src/lib/people/leave.ts';
import { avatarLimit, MAX_AVATAR_BYTES, readAvatar, removeAvatar, uploadAvatar } from '../../src/lib/people/picture.ts';
import { loadProfile } from '../../src/lib/people/profiles.ts';
import { updateSettings } from '../../src/lib/settings/settings.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeConfirmedAccount, makePost, TEST_PASSWORD } from '../helpers/fixtures.ts';
import { makeImage, makePhoto, makeZip } from '../helpers/images.ts';

const NOW = new Date('2026-11-27T10:00:00Z');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
}

describe.each(dbTargets)('uploaded avatars on %s', (target) => {
  let t: TestDatabase;
  let dir: string;
  let storage: MediaStorage;
  let mia: Account;
  const handleOf = async (id: string) =>
    (await t.db.selectFrom('users').select('handle').where('id', '=', id).executeTakeFirstOrThrow()).handle;
  const scopeVersion = async (scope: string) =>
    (await t.db.selectFrom('content_scopes').select('version').where('scope', '=', scope).executeTakeFirst())
      ?.version ?? null;

  beforeAll(async () => {
    t = await openTestDb(target);
    dir = await mkdtemp(join(tmpdir(), 'wishcast-avatars-'));
    storage = createFileStorage(dir);
    mia = await makeConfirmedAccount(t.db, { name: 'Mia Rossi' });
  });
  afterAll(async () => {
    await t?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the identicon until a picture is uploaded', async () => {
    const profile = (await loadProfile(t.db, await handleOf(mia.id), NOW))!;
    expect(profile.avatarHtml).toContain(`src="/people/${profile.handle}/avatar.svg"`);
    expect(profile.avatarHtml).not.toContain('<picture>');
  });

  it('stores square variants of an upload and shows them as <picture> on the profile and in threads', async () => {
    const post = await makePost(t.db);
    await createComment(
      t.db,
      { post_id: String(post.id), parent_id: '', body: 'Hello there' },
      { user: { id: mia.id, name: mia.name, role: mia.role }, ip: '198.51.100.7', visitorTokenHash: null },
      NOW,
    );
    const before = await scopeVersion('site');
    await uploadAvatar(t.db, storage, mia.id, await makeImage('jpeg', { width: 600, height: 400 }));

    const variants = (await readAvatar(t.db, mia.id))!;
    expect(variants.map((v) => `${v.format}:${v.width}x${v.height}`).sort()).toEqual(
      ['avif', 'jpeg', 'webp'].flatMap((f) => [128, 256, 64].map((s) => `${f}:${s}x${s}`)).sort(),
    );
    expect(await filesUnder(dir)).toEqual(variants.map((v) => v.key).sort());
    const jpeg = variants.find((v) => v.format === 'jpeg' && v.width === 128)!;
    const stored = await storage.get(jpeg.key);
    const meta = await sharp(Buffer.from(await new Response(stored!.body).arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 128, 128]);
    // The profile page, its thread and the site frame are shown anew.
    expect(Number(await scopeVersion('site'))).toBeGreaterThan(Number(before ?? 0));

    const profile = (await loadProfile(t.db, await handleOf(mia.id), NOW))!;
    expect(profile.avatarHtml).toMatch(
      /^<picture><source type="image\/avif" srcset="[^"]+ 64w, [^"]+ 128w, [^"]+ 256w"/,
    );
    // Shown at 96 px: the plain src is the smallest fallback sharp at 2× (256 px).
    const fallback = variants.find((v) => v.format === 'jpeg' && v.width === 256)!;
    expect(profile.avatarHtml).toContain(`<img src="/media/${fallback.key}"`);
    expect(profile.avatarHtml).toContain(`/media/${jpeg.key} 128w`);
    expect(profile.avatarHtml).toContain('width="96" height="96"');
    expect(profile.avatarHtml).toContain('alt=""');

    const [comment] = await readThreadComments(t.db, post.id, { userId: null, visitorTokenHash: null });
    expect(comment!.authorAvatar?.map((v) => v.key).sort()).toEqual(variants.map((v) => v.key).sort());
  });

  it('replaces a picture and deletes the old files', async () => {
    const old = (await readAvatar(t.db, mia.id))!;
    await uploadAvatar(t.db, storage, mia.id, await makeImage('png', { width: 300, height: 300, alpha: 0.5 }));
    const next = (await readAvatar(t.db, mia.id))!;
    expect(new Set(next.map((v) => v.format))).toEqual(new Set(['avif', 'webp', 'png']));
    expect(await filesUnder(dir)).toEqual(next.map((v) => v.key).sort());
    for (const v of old) expect(await storage.get(v.key)).toBeNull();
  });

  it('keeps files another member still uses when one removes the same picture', async () => {
    const noor = await makeConfirmedAccount(t.db, { name: 'Noor' });
    const same = await makeImage('png', { width: 300, height: 300, alpha: 0.5 });
    await uploadAvatar(t.db, storage, noor.id, same);
    const shared = (await readAvatar(t.db, noor.id))!;
    expect(shared.map((v) => v.key).sort()).toEqual((await readAvatar(t.db, mia.id))!.map((v) => v.key).sort());
    await removeAvatar(t.db, storage, noor.id);
    expect(await readAvatar(t.db, noor.id)).toBeNull();
    for (const v of shared) expect(await storage.get(v.key)).not.toBeNull();
  });

  it('refuses a file that is not an image, and one above the limit, keeping the picture', async () => {
    const kept = await readAvatar(t.db, mia.id);
    const refusal = await uploadAvatar(t.db, storage, mia.id, makeZip()).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ImageRefusedError);
    expect((refusal as ImageRefusedError).fields.file).toMatch(/JPEG, PNG, WebP, AVIF or GIF/);

    expect(await avatarLimit(t.db)).toBe(MAX_AVATAR_BYTES);
    await updateSettings(t.db, { maxUploadBytes: 100 * 1024 });
    expect(await avatarLimit(t.db)).toBe(100 * 1024);
    const big = await makePhoto(800, 800);
    expect(big.length).toBeGreaterThan(100 * 1024);
    const tooLarge = await uploadAvatar(t.db, storage, mia.id, big).catch((e: unknown) => e);
    expect((tooLarge as ImageRefusedError).reason).toBe('too-large');
    expect(await readAvatar(t.db, mia.id)).toEqual(kept);
  });

  it('removes a picture: the identicon is back and the files are gone', async () => {
    const old = (await readAvatar(t.db, mia.id))!;
    await removeAvatar(t.db, storage, mia.id);
    expect(await readAvatar(t.db, mia.id)).toBeNull();
    expect(await filesUnder(dir)).toEqual([]);
    for (const v of old) expect(await storage.get(v.key)).toBeNull();
    const profile = (await loadProfile(t.db, await handleOf(mia.id), NOW))!;
    expect(profile.avatarHtml).toContain('/avatar.svg');
  });

  it('deletes the picture files with the account', async () => {
    const leo = await makeConfirmedAccount(t.db, { name: 'Leo' });
    await uploadAvatar(t.db, storage, leo.id, await makeImage('webp', { width: 200, height: 260 }));
    expect((await filesUnder(dir)).length).toBeGreaterThan(0);
    await deleteAccount(t.db, leo.id, { password: TEST_PASSWORD, comments: 'keep', confirm: 'yes' }, NOW, storage);
    expect(await filesUnder(dir)).toEqual([]);
  });
});
