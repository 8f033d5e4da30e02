// Cover images and share cards against a real database: a cover needs alt text
// and an upload that exists; it shows in lists and on the post; deleting the
// upload asks first and clears it; a post's share card is a 1200×630 PNG drawn
// once per wording and kept in the database.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findShareCard } from '../../src/lib/cards/cards.ts';
import { ConflictError, ValidationError } from '../../src/lib/errors.ts';
import { deleteMedia, findMedia, uploadMedia } from '../../src/lib/media/service.ts';
import { createFileStorage, type MediaStorage } from '../../src/lib/media/storage.ts';
import { formValuesFor, type RawPostForm } from '../../src/lib/posts/input.ts';
import { submitPostForm } from '../../src/lib/posts/service.ts';
import { findPostById, listPublishedPosts } from '../../src/lib/posts/view.ts';
import { updateSettings } from '../../src/lib/settings/settings.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeAccount } from '../helpers/fixtures.ts';
import { makeImage } from '../helpers/images.ts';

const NOW = new Date('2026-12-06T12:00:00Z');

function form(overrides: Partial<RawPostForm> = {}): RawPostForm {
  return {
    title: 'Kites over the bay',
    slug: null,
    body: 'We flew kites.',
    excerpt: null,
    tags: null,
    comments_closed: null,
    publish_at: null,
    intent: 'publish',
    cover_media_id: null,
    cover_alt: null,
    ...overrides,
  };
}

async function refusal(work: Promise<unknown>): Promise<ValidationError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe.each(dbTargets)('post covers and share cards on %s', (target) => {
  let t: TestDatabase;
  let dir: string;
  let storage: MediaStorage;
  let authorId: string;
  let mediaId: number;
  const submit = (input: RawPostForm, postId: number | null = null) =>
    submitPostForm(t.db, input, { postId, authorId, now: NOW, timeZone: 'UTC' });

  beforeAll(async () => {
    t = await openTestDb(target);
    dir = await mkdtemp(join(tmpdir(), 'wishcast-covers-'));
    storage = createFileStorage(join(dir, 'media'));
    authorId = (await makeAccount(t.db, { role: 'author' })).id;
    const item = await uploadMedia(
      t.db,
      storage,
      { file: { bytes: await makeImage('jpeg'), name: 'kite.jpg' }, alt: 'A kite' },
      { ownerId: authorId, now: NOW },
    );
    mediaId = item.id;
  });
  afterAll(async () => {
    await t?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('requires alt text with a cover, and a cover that is in the library', async () => {
    const noAlt = await refusal(submit(form({ cover_media_id: String(mediaId), cover_alt: '  ' })));
    expect(noAlt.fields).toEqual({ cover_alt: expect.stringMatching(/Describe the cover/) });
    const gone = await refusal(submit(form({ cover_media_id: '999999', cover_alt: 'Nothing' })));
    expect(gone.fields).toEqual({ cover_media_id: expect.stringMatching(/no longer in the media library/) });
    const junk = await refusal(submit(form({ cover_media_id: '../1', cover_alt: 'x' })));
    expect(Object.keys(junk.fields)).toEqual(['cover_media_id']);
  });

  it('keeps a cover with its alt text, shows it in the list and on the post, and clears it when asked', async () => {
    const result = await submit(form({ cover_media_id: String(mediaId), cover_alt: ' Red  kite ' }));
    if (result.kind !== 'saved') throw new Error('expected a save');
    const post = (await findPostById(t.db, result.post.id))!;
    expect(post.cover).toMatchObject({ mediaId, alt: 'Red kite' });
    expect(post.cover?.image?.fallback.srcset).toMatch(/\/media\/[0-9a-f]{32}\.jpg \d+w/);
    expect(post.cover?.image?.sources.map((s) => s.type)).toEqual(['image/avif', 'image/webp']);
    expect(formValuesFor(post, 'UTC')).toMatchObject({ cover_media_id: String(mediaId), cover_alt: 'Red kite' });
    const listed = await listPublishedPosts(t.db, { now: NOW });
    expect(listed.items.find((p) => p.id === post.id)?.cover?.alt).toBe('Red kite');
    // The library knows the post uses it, so deleting it is asked first.
    expect((await findMedia(t.db, mediaId))?.usedIn.map((u) => u.postId)).toEqual([post.id]);
    const removed = await submit(form({ cover_media_id: '', cover_alt: 'Red kite' }), post.id);
    if (removed.kind !== 'saved') throw new Error('expected a save');
    expect(removed.post.cover).toBeNull();
    expect((await findMedia(t.db, mediaId))?.usedIn).toEqual([]);
  });

  it('clears the cover when its upload is deleted, after asking', async () => {
    const result = await submit(form({ title: 'Gone soon', cover_media_id: String(mediaId), cover_alt: 'A kite' }));
    if (result.kind !== 'saved') throw new Error('expected a save');
    await expect(deleteMedia(t.db, storage, mediaId, { confirmed: false })).rejects.toBeInstanceOf(ConflictError);
    await deleteMedia(t.db, storage, mediaId, { confirmed: true });
    expect((await findPostById(t.db, result.post.id))?.cover).toBeNull();
  });

  it('draws a 1200×630 share card once per wording, kept in the database; none for a draft', async () => {
    const result = await submit(form({ title: 'A card of my own' }));
    if (result.kind !== 'saved') throw new Error('expected a save');
    const id = String(result.post.id);
    const card = (await findShareCard(t.db, 'post', id, NOW))!;
    expect(pngSize(card.png)).toEqual([1200, 630]);
    const again = (await findShareCard(t.db, 'post', id, NOW))!;
    expect(again).toEqual(card);
    const kept = await t.db.selectFrom('share_cards').select('fingerprint').where('subject', '=', id).execute();
    expect(kept).toEqual([{ fingerprint: card.fingerprint }]);
    // The site's name is on the card: renaming the site draws it again.
    await updateSettings(t.db, { siteName: 'Kite Club' });
    expect((await findShareCard(t.db, 'post', id, NOW))?.fingerprint).not.toBe(card.fingerprint);
    const draft = await submit(form({ title: 'Secret', intent: 'draft' }));
    if (draft.kind !== 'saved') throw new Error('expected a save');
    expect(await findShareCard(t.db, 'post', String(draft.post.id), NOW)).toBeNull();
    expect(await findShareCard(t.db, 'site', 'home', NOW)).not.toBeNull();
    expect(await findShareCard(t.db, 'board', '2026-12-02', NOW)).toBeNull();
  });
});
