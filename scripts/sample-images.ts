// A post with a cover and three photos uploaded through the media pipeline, for
// the page audit (scripts/audit-pages.ts): Lighthouse on what an author's photo
// post is.
// The photos are made here (smooth noise, so they weigh what photos weigh).
import sharp from 'sharp';
import type { Db } from '../src/lib/db.ts';
import { uploadMedia } from '../src/lib/media/service.ts';
import { createFileStorage } from '../src/lib/media/storage.ts';
import { createPost } from '../src/lib/posts/service.ts';

export const IMAGES_POST_SLUG = 'a-morning-at-the-allotments';

async function makePhoto(width: number, height: number, seed: number): Promise<Buffer> {
  const pixels = await sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 110 + seed * 20, sigma: 60 },
    },
  })
    .blur(2)
    .raw()
    .toBuffer();
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

const PHOTOS = [
  { width: 2400, height: 1600, name: 'beds.jpg', alt: 'Raised beds at the allotments, covered in frost at sunrise' },
  {
    width: 1600,
    height: 1200,
    name: 'shed.jpg',
    alt: 'The shared tool shed, its door propped open with a watering can',
  },
  { width: 1200, height: 1600, name: 'seeds.jpg', alt: 'Envelopes of saved seeds laid out on a trestle table' },
];

const COVER = {
  width: 2400,
  height: 1350,
  name: 'gate.jpg',
  alt: 'The allotments’ gate at dawn, a wheelbarrow beside it',
};

export interface PostWithImages {
  slug: string;
  /** Its cover, an upload in the library (another post may share it). */
  cover: { mediaId: number; alt: string };
}

export async function seedPostWithImages(db: Db, mediaDir: string, now: Date): Promise<PostWithImages> {
  const author = await db.selectFrom('users').select('id').where('role', '=', 'author').executeTakeFirstOrThrow();
  const storage = createFileStorage(mediaDir);
  const upload = async (photo: typeof COVER, seed: number) =>
    uploadMedia(
      db,
      storage,
      { file: { bytes: await makePhoto(photo.width, photo.height, seed), name: photo.name }, alt: photo.alt },
      { ownerId: author.id, now },
    );
  const references: string[] = [];
  for (const [i, photo] of PHOTOS.entries()) references.push((await upload(photo, i)).markdown);
  const cover = { mediaId: (await upload(COVER, PHOTOS.length)).id, alt: COVER.alt };
  const bodyMd = [
    'We went down before work to see who needed a hand with the winter digging.',
    references[0],
    'The shed is everyone’s: borrow a fork, bring it back clean, leave a note if something broke.',
    references[1],
    'Half the seeds we sow next spring were saved by neighbours. Take a packet, give a packet.',
    references[2],
    'If you have a free Saturday morning, the allotment society is always glad of one more pair of hands.',
  ].join('\n\n');
  const post = await createPost(db, {
    title: 'A morning at the allotments',
    slug: IMAGES_POST_SLUG,
    bodyMd,
    excerpt: null,
    tags: ['community'],
    status: 'published',
    publishedAt: new Date(now.getTime() - 60_000),
    authorId: author.id,
    cover,
  });
  return { slug: post.slug, cover };
}
