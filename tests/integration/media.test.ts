// The media library against a real database and a real directory: uploading
// (alt text or "decorative", the size setting, bad files), posts that use an
// upload, where each upload is used, and deleting (asked first when in use).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../src/lib/errors.ts';
import { ImageRefusedError } from '../../src/lib/media/refusal.ts';
import { deleteMedia, findMedia, listMediaLibrary, uploadMedia } from '../../src/lib/media/service.ts';
import { createFileStorage, type MediaStorage } from '../../src/lib/media/storage.ts';
import { findPostById } from '../../src/lib/posts/view.ts';
import { updatePost } from '../../src/lib/posts/service.ts';
import { updateSettings } from '../../src/lib/settings/settings.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeAccount, makePost } from '../helpers/fixtures.ts';
import { makeImage, makeSidewaysJpegWithGps } from '../helpers/images.ts';

const NOW = new Date('2026-11-27T10:00:00Z');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

async function bytesOf(storage: MediaStorage, key: string): Promise<Buffer | null> {
  const object = await storage.get(key);
  return object ? Buffer.from(await new Response(object.body).arrayBuffer()) : null;
}

describe.each(dbTargets)('the media library on %s', (target) => {
  let t: TestDatabase;
  let dir: string;
  let storage: MediaStorage;
  let ownerId: string;
  let photo: Buffer;
  const upload = (bytes: Uint8Array, fields: { alt?: string | null; decorative?: string | null }, name = 'photo.jpg') =>
    uploadMedia(t.db, storage, { file: { bytes, name }, ...fields }, { ownerId, now: NOW });

  beforeAll(async () => {
    t = await openTestDb(target);
    dir = await mkdtemp(join(tmpdir(), 'wishcast-media-'));
    storage = createFileStorage(join(dir, 'media'));
    ownerId = (await makeAccount(t.db, { role: 'author' })).id;
    photo = await makeSidewaysJpegWithGps();
  });
  afterAll(async () => {
    await t?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores an upload: oriented size, variants on disk by content key, no EXIF left', async () => {
    const item = await upload(photo, { alt: '  A red and blue  flag ' }, 'C:\\Users\\me\\IMG_0001.JPG');
    expect(item).toMatchObject({
      originalName: 'IMG_0001.JPG',
      alt: 'A red and blue flag',
      decorative: false,
      width: 800,
      height: 1200,
      bytes: photo.length,
      markdown: `![A red and blue flag](/media/${item.id})`,
    });
    expect(item.variants).toHaveLength(6);
    for (const variant of item.variants) {
      expect(variant.key).toMatch(/^[0-9a-f]{32}\.(avif|webp|jpg)$/);
      const bytes = (await bytesOf(storage, variant.key))!;
      expect(bytes.length).toBe(variant.bytes);
      const meta = await sharp(bytes).metadata();
      expect([meta.width, meta.height, meta.exif]).toEqual([variant.width, variant.height, undefined]);
    }
    expect((await storage.get(item.variants[0]!.key))?.contentType).toMatch(/^image\/(avif|webp|jpeg)$/);
  });

  it('requires alt text unless the image is marked decorative, before touching the file', async () => {
    const before = await filesUnder(dir);
    const error = await upload(Buffer.from('not even an image'), { alt: '   ' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual({ alt: expect.stringMatching(/Describe the image/) });
    const decorative = await upload(await makeImage('png', { alpha: 0.5 }), { alt: 'ignored', decorative: 'on' });
    expect(decorative).toMatchObject({ alt: '', decorative: true, markdown: `![](/media/${decorative.id})` });
    expect(decorative.variants.some((v) => v.format === 'png')).toBe(true);
    expect((await filesUnder(dir)).length).toBe(before.length + decorative.variants.length);
  });

  it('refuses bad files with a field message, storing nothing', async () => {
    const before = await filesUnder(dir);
    const { items: listed } = await listMediaLibrary(t.db);
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const error = await upload(html, { alt: 'x' }, 'innocent.jpg').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageRefusedError);
    expect((error as ImageRefusedError).fields.file).toMatch(/not an image we accept/);
    expect(await filesUnder(dir)).toEqual(before);
    expect((await listMediaLibrary(t.db)).items).toHaveLength(listed.length);
  });

  it('takes the size limit from the settings', async () => {
    await updateSettings(t.db, { maxUploadBytes: 1024 * 1024 });
    // Uncompressed: 600 × 600 × 3 bytes is just over 1 MB.
    const big = await sharp({ create: { width: 600, height: 600, channels: 3, background: '#246' } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const error = (await upload(big, { alt: 'noise' }).catch((e: unknown) => e)) as ImageRefusedError;
    expect(error.reason).toBe('too-large');
    expect(error.message).toMatch(/images can be up to 1 MB\./);
    await updateSettings(t.db, { maxUploadBytes: 10 * 1024 * 1024 });
    expect((await upload(big, { alt: 'noise' })).width).toBe(600);
  });

  it('renders references in posts as <picture>, tracks where uploads are used, and deletes with care', async () => {
    const image = await upload(await makeImage('jpeg', { width: 2000, height: 1000 }), { alt: 'A wide blue sky' });
    const post = await makePost(t.db, {
      title: 'Skies',
      bodyMd: `Look:\n\n![](/media/${image.id})\n\n![Sky again, smaller](/media/${image.id})\n\n![gone](/media/999999)`,
    });
    expect(post.bodyHtml.match(/<picture>/g)).toHaveLength(2);
    expect(post.bodyHtml).toMatch(
      /<img src="\/media\/[0-9a-f]{32}\.jpg" width="1600" height="800" alt="A wide blue sky"/,
    );
    expect(post.bodyHtml).toContain('alt="Sky again, smaller"');
    expect(post.bodyHtml).toContain('type="image/avif"');
    const other = await makePost(t.db, { title: 'Also skies', bodyMd: `![x](/media/${image.id})` });

    const listed = (await listMediaLibrary(t.db)).items.find((i) => i.id === image.id)!;
    expect(listed.usedIn.map((u) => u.title)).toEqual(['Also skies', 'Skies']);

    // Editing the post out of it updates where it is used.
    await updatePost(
      t.db,
      other.id,
      { ...other, bodyMd: 'No image now.', excerpt: null, slug: other.slug, commentsClosed: false, tags: [] },
      NOW,
    );
    expect((await findMedia(t.db, image.id))!.usedIn.map((u) => u.postId)).toEqual([post.id]);

    // In use: refused until confirmed, with where it is used in the message.
    const refusal = await deleteMedia(t.db, storage, image.id, { confirmed: false }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ConflictError);
    expect((refusal as ConflictError).status).toBe(409);
    expect((refusal as ConflictError).message).toMatch(/used in a post: "Skies"/);
    expect(await findMedia(t.db, image.id)).not.toBeNull();

    const keys = image.variants.map((v) => v.key);
    expect(await deleteMedia(t.db, storage, image.id, { confirmed: true })).toEqual({ postsChanged: 1 });
    expect(await findMedia(t.db, image.id)).toBeNull();
    for (const key of keys) expect(await storage.get(key)).toBeNull();
    const rerendered = (await findPostById(t.db, post.id))!;
    expect(rerendered.bodyHtml).not.toContain('<picture>');
    // The references stay in the Markdown and show their alt text where the image was.
    expect(rerendered.bodyMd).toContain(`![Sky again, smaller](/media/${image.id})`);
    expect(rerendered.bodyHtml).toContain(`<img src="/media/${image.id}" alt="Sky again, smaller"`);
  });

  it('keeps files another upload of the same bytes still uses', async () => {
    const bytes = await makeImage('webp', { width: 500, height: 300 });
    const first = await upload(bytes, { alt: 'first' });
    const second = await upload(bytes, { alt: 'second' });
    expect(second.variants.map((v) => v.key)).toEqual(first.variants.map((v) => v.key));
    await deleteMedia(t.db, storage, first.id, { confirmed: false });
    for (const v of second.variants) expect(await storage.get(v.key)).not.toBeNull();
    await deleteMedia(t.db, storage, second.id, { confirmed: false });
    for (const v of second.variants) expect(await storage.get(v.key)).toBeNull();
  });

  it('pages the library newest first', async () => {
    const { items, olderThan } = await listMediaLibrary(t.db);
    expect(olderThan).toBeNull();
    const ids = items.map((i) => i.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });
});
