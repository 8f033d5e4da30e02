// The author's uploads: from the media library, from the post editor (the
// whole post form comes along and returns with the reference added to its
// body, nothing saved), and deleting (asked first when the image is in use).
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { rawPostForm, formValuesFromInput } from '../lib/posts/input.ts';
import { appendReference } from '../lib/media/references.ts';
import { deleteMedia, uploadMedia } from '../lib/media/service.ts';
import { idField } from '../lib/validation.ts';
import { run } from '../server/action-errors.ts';
import { getApp } from '../server/app.ts';
import { getMediaStorage } from '../server/media.ts';
import { requireAuthor } from '../server/session.ts';

const uploadFields = {
  file: z.instanceof(File).nullish(),
  alt: z.string().nullish(),
  decorative: z.string().nullish(),
};

async function store(input: { file?: File | null; alt?: string | null; decorative?: string | null }, ownerId: string) {
  const { db, now } = getApp();
  const bytes = input.file ? new Uint8Array(await input.file.arrayBuffer()) : new Uint8Array(0);
  return uploadMedia(
    db,
    getMediaStorage(),
    { file: { bytes, name: input.file?.name ?? null }, alt: input.alt, decorative: input.decorative },
    { ownerId, now: now() },
  );
}

export const media = {
  upload: defineAction({
    accept: 'form',
    input: z.object(uploadFields),
    handler: (input, context) =>
      run(async () => {
        const author = requireAuthor(context);
        const item = await store(input, author.id);
        return { redirectTo: `/admin/media?uploaded=${item.id}` };
      }),
  }),

  /** The editor's "Upload and insert": answers with the post form's values, the reference added to the body. */
  insertIntoPost: defineAction({
    accept: 'form',
    input: rawPostForm.extend({ id: idField.nullish(), ...uploadFields }),
    handler: (input, context) =>
      run(async () => {
        const author = requireAuthor(context);
        const item = await store(input, author.id);
        const { file: _file, alt: _alt, decorative: _decorative, id: _id, ...post } = input;
        const values = formValuesFromInput(post);
        return { values: { ...values, body: appendReference(post.body, item.markdown) }, inserted: item.markdown };
      }),
  }),

  delete: defineAction({
    accept: 'form',
    input: z.object({ id: idField, confirm: z.string().nullish() }),
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        await deleteMedia(getApp().db, getMediaStorage(), input.id, { confirmed: input.confirm === 'yes' });
        return { redirectTo: '/admin/media?deleted=1' };
      }),
  }),
};
