// A post with a cover and three photos uploaded through the media pipeline, for
// the page audit (scripts/audit-pages.ts): Lighthouse on what an author's photo
// post is.
// The photos are drawn here (a landscape with some grain, so they weigh about what photos weigh).
import sharp from 'sharp';
import type { Db } from '../src/lib/db.ts';
import { uploadMedia } from '../src/lib/media/service.ts';
import { createFileStorage } from '../src/lib/media/storage.ts';
import { createPost } from '../src/lib/posts/service.ts';

export const IMAGES_POST_SLUG = 'a-morning-at-the-allotments';

type Rgb = [number, number, number];

const LIGHTS: { top: Rgb; glow: Rgb; far: Rgb; near: Rgb }[] = [
  { top: [246, 214, 184], glow: [243, 163, 127], far: [138, 154, 107], near: [95, 115, 82] },
  { top: [207, 227, 239], glow: [244, 220, 192], far: [127, 154, 115], near: [79, 106, 74] },
  { top: [241, 226, 198], glow: [233, 180, 138], far: [149, 167, 119], near: [103, 125, 85] },
  { top: [223, 231, 240], glow: [242, 201, 166], far: [136, 160, 122], near: [86, 112, 79] },
];

/**
 * Dawn over the allotments, drawn pixel by pixel: a sky, a low sun and two rows of hills, each picture in its own
 * light, with some grain so each file weighs about what a photo of its size does.
 */
function landscape(width: number, height: number, seed: number): Buffer {
  const { top, glow, far, near } = LIGHTS[seed % LIGHTS.length]!;
  const pixels = Buffer.alloc(width * height * 3);
  const sun = { x: width * (0.3 + 0.15 * (seed % 3)), y: height * 0.5, r: height * 0.09 };
  const ridge = (x: number, base: number, amplitude: number, phase: number) =>
    height * base - height * amplitude * Math.sin((x / width) * 7 + phase + seed);
  let random = seed * 7919 + 1;
  const grain = () => {
    random = (random * 1103515245 + 12345) % 2147483648;
    return (random / 2147483648 - 0.5) * 14;
  };
  for (let x = 0; x < width; x++) {
    const farY = ridge(x, 0.62, 0.05, 0.4);
    const nearY = ridge(x, 0.8, 0.04, 2.1);
    for (let y = 0; y < height; y++) {
      let color: Rgb;
      if (y > nearY) color = near;
      else if (y > farY) color = far;
      else if ((x - sun.x) ** 2 + (y - sun.y) ** 2 < sun.r ** 2) color = [255, 244, 220];
      else {
        const t = y / farY;
        color = [0, 1, 2].map((i) => top[i]! + (glow[i]! - top[i]!) * t) as Rgb;
      }
      const at = (y * width + x) * 3;
      const g = grain();
      for (let i = 0; i < 3; i++) pixels[at + i] = Math.max(0, Math.min(255, color[i]! + g));
    }
  }
  return pixels;
}

async function makePhoto(width: number, height: number, seed: number): Promise<Buffer> {
  return sharp(landscape(width, height, seed), { raw: { width, height, channels: 3 } })
    .blur(0.6)
    .jpeg({ quality: 88 })
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
