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
import { RateLimitedError } from '../../src/lib/errors.ts';
import { AVATAR_MAX_INPUT_PIXELS, DEFAULT_MAX_UPLOAD_BYTES } from '../../src/lib/media/limits.ts';
import { ImageRefusedError } from '../../src/lib/media/refusal.ts';
import { createFileStorage, type MediaStorage } from '../../src/lib/media/storage.ts';
import { deleteAccount } from '../../src/lib/people/leave.ts';
import { avatarLimit, MAX_AVATAR_BYTES, removeAvatar, uploadAvatar } from '../../src/lib/people/picture.ts';
import { readAvatar } from '../../src/lib/people/repo.ts';
import { loadProfile } from '../../src/lib/people/profiles.ts';
import { updateSettings } from '../../src/lib/settings/settings.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeConfirmedAccount, makePost, TEST_PASSWORD } from '../helpers/fixtures.ts';
import { makeBlackPng, makeImage, makePhoto, makePngClaiming, makeZip } from '../helpers/images.ts';

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

  // Each upload a minute after the last, within the per-minute limit (the limit has tests of its own).
  let clock = NOW.getTime();
  const upload = (userId: string, bytes: Uint8Array) =>
    uploadAvatar(t.db, storage, userId, bytes, { ip: null, now: new Date((clock += 61_000)) });

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
    await upload(mia.id, await makeImage('jpeg', { width: 600, height: 400 }));

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
    await upload(mia.id, await makeImage('png', { width: 300, height: 300, alpha: 0.5 }));
    const next = (await readAvatar(t.db, mia.id))!;
    expect(new Set(next.map((v) => v.format))).toEqual(new Set(['avif', 'webp', 'png']));
    expect(await filesUnder(dir)).toEqual(next.map((v) => v.key).sort());
    for (const v of old) expect(await storage.get(v.key)).toBeNull();
  });

  it('keeps files another member still uses when one removes the same picture', async () => {
    const noor = await makeConfirmedAccount(t.db, { name: 'Noor' });
    const same = await makeImage('png', { width: 300, height: 300, alpha: 0.5 });
    await upload(noor.id, same);
    const shared = (await readAvatar(t.db, noor.id))!;
    expect(shared.map((v) => v.key).sort()).toEqual((await readAvatar(t.db, mia.id))!.map((v) => v.key).sort());
    await removeAvatar(t.db, storage, noor.id);
    expect(await readAvatar(t.db, noor.id)).toBeNull();
    for (const v of shared) expect(await storage.get(v.key)).not.toBeNull();
  });

  it('refuses a file that is not an image, and one above the limit, keeping the picture', async () => {
    const kept = await readAvatar(t.db, mia.id);
    const refusal = await upload(mia.id, makeZip()).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ImageRefusedError);
    expect((refusal as ImageRefusedError).fields.file).toMatch(/JPEG, PNG, WebP, AVIF or GIF/);

    expect(await avatarLimit(t.db)).toBe(MAX_AVATAR_BYTES);
    await updateSettings(t.db, { maxUploadBytes: 100 * 1024 });
    expect(await avatarLimit(t.db)).toBe(100 * 1024);
    const big = await makePhoto(800, 800);
    expect(big.length).toBeGreaterThan(100 * 1024);
    const tooLarge = await upload(mia.id, big).catch((e: unknown) => e);
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
    await upload(leo.id, await makeImage('webp', { width: 200, height: 260 }));
    expect((await filesUnder(dir)).length).toBeGreaterThan(0);
    await deleteAccount(t.db, leo.id, { password: TEST_PASSWORD, comments: 'keep', confirm: 'yes' }, NOW, storage);
    expect(await filesUnder(dir)).toEqual([]);
  });

  // Issue 24, item 6: a picture any member can send is decoded under an avatar-sized limit.
  it('refuses a 170 KB PNG of 59 megapixels from its header, undecoded, keeping the picture', async () => {
    const sam = await makeConfirmedAccount(t.db, { name: 'Sam' });
    await updateSettings(t.db, { maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES });
    const bomb = makeBlackPng(8000, 7375);
    expect(bomb.length).toBeLessThan(MAX_AVATAR_BYTES);
    const refusal = await upload(sam.id, bomb).catch((e: unknown) => e);
    expect((refusal as ImageRefusedError).reason).toBe('too-many-pixels');
    expect((refusal as ImageRefusedError).fields.file).toMatch(/up to 17 megapixels/);
    // A header claiming as many pixels over a few bytes of data: decoding it would say "damaged";
    // refused for its pixels, it was never decoded.
    const claim = await upload(sam.id, makePngClaiming(8000, 7375)).catch((e: unknown) => e);
    expect((claim as ImageRefusedError).reason).toBe('too-many-pixels');
    // One pixel row over the limit is refused too; the limit itself is accepted.
    const side = Math.sqrt(AVATAR_MAX_INPUT_PIXELS);
    const over = await upload(sam.id, makePngClaiming(side, side + 1)).catch((e: unknown) => e);
    expect((over as ImageRefusedError).reason).toBe('too-many-pixels');
    await upload(sam.id, makeBlackPng(side, side));
    expect((await readAvatar(t.db, sam.id))!.map((v) => v.width)).toContain(256);
  });

  it('limits uploads per account (3 a minute, 10 an hour), counting refused files, before decoding', async () => {
    const kim = await makeConfirmedAccount(t.db, { name: 'Kim' });
    const at = (minutes: number) => ({ ip: null, now: new Date(NOW.getTime() + 86_400_000 + minutes * 60_000) });
    const zip = makeZip();
    for (let i = 0; i < 3; i++) {
      await expect(uploadAvatar(t.db, storage, kim.id, zip, at(0))).rejects.toBeInstanceOf(ImageRefusedError);
    }
    const good = await makeImage('png', { width: 100, height: 100 });
    await expect(uploadAvatar(t.db, storage, kim.id, good, at(0))).rejects.toBeInstanceOf(RateLimitedError);
    // Another member is not held back by Kim's attempts.
    const lou = await makeConfirmedAccount(t.db, { name: 'Lou' });
    await uploadAvatar(t.db, storage, lou.id, good, at(0));
    // A minute later Kim may go on, up to ten in the hour.
    await uploadAvatar(t.db, storage, kim.id, good, at(1.1));
    for (let minute = 2; minute < 8; minute++) {
      await expect(uploadAvatar(t.db, storage, kim.id, zip, at(minute))).rejects.toBeInstanceOf(ImageRefusedError);
    }
    await expect(uploadAvatar(t.db, storage, kim.id, good, at(9))).rejects.toBeInstanceOf(RateLimitedError);
    await uploadAvatar(t.db, storage, kim.id, good, at(61));
  });

  it('limits uploads per address across accounts (30 an hour)', async () => {
    const ip = '203.0.113.77';
    const zip = makeZip();
    const now = new Date(NOW.getTime() + 2 * 86_400_000);
    const members = await Promise.all(
      Array.from({ length: 11 }, (_, i) => makeConfirmedAccount(t.db, { name: `Member ${i}` })),
    );
    for (const member of members.slice(0, 10)) {
      for (let i = 0; i < 3; i++) {
        await expect(uploadAvatar(t.db, storage, member.id, zip, { ip, now })).rejects.toBeInstanceOf(
          ImageRefusedError,
        );
      }
    }
    const last = members[10]!;
    await expect(uploadAvatar(t.db, storage, last.id, zip, { ip, now })).rejects.toBeInstanceOf(RateLimitedError);
    await expect(uploadAvatar(t.db, storage, last.id, zip, { ip: '203.0.113.78', now })).rejects.toBeInstanceOf(
      ImageRefusedError,
    );
  });
});
