// WordPress's Theme Unit Test export (tests/fixtures/wordpress/README.md), what it holds counted
// from the file itself, and a local server answering its image addresses with generated images
// (sharp: JPEG, PNG or GIF by name, of differing sizes; one missing), the file's image host
// rewritten to it, as a self-hosted blog's uploads would be.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import sharp from 'sharp';
import { VARIANT_WIDTHS } from '../../src/lib/media/limits.ts';

export const ORIGINAL = gunzipSync(
  readFileSync('tests/fixtures/wordpress/themeunittestdata.wordpress.xml.gz'),
).toString();
const FILE_HOST = 'https://wpthemetestdata.files.wordpress.com/';
/** The one image the local server does not have: its failure is listed with a post showing it. */
export const MISSING = '2008/06/img_8399.jpg';
export const LARGEST_VARIANT = VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1]!;

export interface WxrItem {
  'wp:post_type': string;
  'wp:post_id': string;
  'wp:post_parent': string;
  'wp:is_sticky'?: string;
  'wp:status': string;
  title: string;
  'content:encoded'?: string;
  'wp:attachment_url'?: string;
  'wp:comment'?: WxrComment | WxrComment[];
}
interface WxrComment {
  'wp:comment_id': string;
  'wp:comment_parent': string;
  'wp:comment_type'?: string;
  'wp:comment_approved': string;
}

/** How many replies up the longest chain of replies on posts goes (0: no replies). */
function deepestReply(): number {
  const parent = new Map(
    ofType('post')
      .flatMap(commentsOf)
      .map((c) => [c['wp:comment_id'], c['wp:comment_parent']]),
  );
  let deepest = 0;
  for (const id of parent.keys()) {
    let depth = 0;
    for (let p = parent.get(id); p && p !== '0'; p = parent.get(p)) depth++;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

export const items: WxrItem[] = new XMLParser({ parseTagValue: false, ignoreAttributes: true }).parse(ORIGINAL).rss
  .channel.item;
export const ofType = (type: string) => items.filter((i) => i['wp:post_type'] === type && i['wp:status'] !== 'trash');
const commentsOf = (item: WxrItem) => [item['wp:comment'] ?? []].flat();
const isConversation = (c: WxrComment) => !['pingback', 'trackback'].includes(c['wp:comment_type'] ?? '');

/** What the file holds, counted from the file. */
export const expected = {
  posts: ofType('post').length,
  pages: ofType('page').length,
  postComments: ofType('post')
    .flatMap(commentsOf)
    .filter((c) => isConversation(c) && ['0', '1'].includes(c['wp:comment_approved'])).length,
  pageComments: ofType('page').flatMap(commentsOf).filter(isConversation).length,
  links: ofType('post')
    .flatMap(commentsOf)
    .filter((c) => !isConversation(c)).length,
  attachments: ofType('attachment').length,
  deepestReply: deepestReply(),
  sticky: ofType('post').filter((i) => i['wp:is_sticky'] === '1').length,
};

/** A size per image, from its name: small (each one variant), the big one larger than the largest variant. */
export function sizeFor(path: string): { width: number; height: number } {
  if (path.endsWith('image-alignment-1200x4002.jpg')) return { width: LARGEST_VARIANT + 200, height: 600 };
  if (path.includes('featured-image-vertical')) return { width: 300, height: 450 };
  const hash = [...path].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  return { width: 160 + (hash % 5) * 60, height: 120 + (hash % 3) * 40 };
}

async function imageFor(path: string): Promise<Buffer> {
  const { width, height } = sizeFor(path);
  const hash = [...path].reduce((h, c) => (h * 17 + c.charCodeAt(0)) & 0xffffff, 0);
  const image = sharp({
    create: { width, height, channels: 3, background: `#${hash.toString(16).padStart(6, '0')}` },
  });
  if (path.endsWith('.png')) return image.png().toBuffer();
  if (path.endsWith('.gif')) return image.gif().toBuffer();
  return image.jpeg({ quality: 70 }).toBuffer();
}

export interface ImageHost {
  /** http://127.0.0.1:PORT */
  base: string;
  /** Where the file's uploads now are: `${base}/wp-content/uploads/`. */
  uploads: string;
  /** The export, its image host rewritten to this server. */
  xml: string;
  /** Path → the image served there (the missing one is not here). */
  images: Map<string, Buffer>;
  /** Paths asked for, in order. */
  hits: string[];
  close: () => Promise<void>;
}

export async function startImageHost(): Promise<ImageHost> {
  const images = new Map<string, Buffer>();
  const hits: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(req.url!.split('?')[0]!);
    hits.push(path);
    const image = images.get(path);
    if (!image) return res.writeHead(404).end('not here');
    const type = path.endsWith('.png') ? 'image/png' : path.endsWith('.gif') ? 'image/gif' : 'image/jpeg';
    res.writeHead(200, { 'content-type': type }).end(image);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const uploads = `${base}/wp-content/uploads/`;
  const xml = ORIGINAL.split(FILE_HOST).join(uploads);
  const named = xml.matchAll(new RegExp(`${uploads.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^"'\\s<>)\\]?]+`, 'g'));
  for (const [url] of named) {
    const path = new URL(url).pathname;
    if (/\.(jpe?g|png|gif)$/i.test(path) && !path.endsWith(MISSING) && !images.has(path)) {
      images.set(path, await imageFor(path));
    }
  }
  return { base, uploads, xml, images, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
