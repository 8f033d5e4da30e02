// Which old image an address in a body shows, and the body rewritten to use
// the copies. Pure text work: no database, no network.
import { listImageAddresses } from '../../markdown/markdown.ts';
import type { SourceImage } from '../model.ts';

/** An image's copy here: its media id and the address of its file. */
export type Copy = { id: number; file: string };

const HTML_IMG = /<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']/gi;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The old site's image addresses a body shows, each once. */
export function listRemoteImages(markdown: string): string[] {
  const html = [...markdown.matchAll(HTML_IMG)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  return [...new Set([...listImageAddresses(markdown), ...html])].filter((a) => /^https?:\/\//i.test(a));
}

/** The alt text the body gives an image, from Markdown or HTML; '' when none. */
export function altFor(markdown: string, url: string): string {
  const md = new RegExp(`!\\[((?:\\\\.|[^\\]\\\\])*)\\]\\(\\s*<?${escapeRegExp(url)}`).exec(markdown);
  if (md) return md[1]!.replace(/\\(.)/g, '$1');
  const tag = new RegExp(`<img\\b[^>]*?\\bsrc\\s*=\\s*["']${escapeRegExp(url)}["'][^>]*>`, 'i').exec(markdown);
  const alt = tag ? /\balt\s*=\s*"([^"]*)"|\balt\s*=\s*'([^']*)'/i.exec(tag[0]) : null;
  return alt ? (alt[1] ?? alt[2] ?? '') : '';
}

/** Query parameters that only ask the old host for a size (WordPress.com's "?w=604"): the copy has its own sizes. */
const SIZE_PARAMETERS = new Set(['w', 'h', 'resize', 'fit', 'crop', 'zoom', 'quality', 'strip', 'ssl', 'lb']);

/** A sized copy's name, as WordPress makes them: "canola2-150x150.jpg" of "canola2.jpg". */
export const SIZED_NAME = /-\d+x\d+(\.[a-z0-9]+)$/i;

/** The address without a size in its query: "a.jpg?w=604" and "a.jpg" are one image, fetched once. */
export function withoutSizeQuery(url: string): string {
  const at = url.indexOf('?');
  if (at < 0 || url.includes('#')) return url;
  const keys = [...new URLSearchParams(url.slice(at + 1)).keys()];
  return keys.length > 0 && keys.every((k) => SIZE_PARAMETERS.has(k.toLowerCase())) ? url.slice(0, at) : url;
}

/** The image an address shows: without a size query, and a sized copy of a library image is that image. */
export function sourceImageOf(url: string, library: ReadonlyMap<string, SourceImage>): string {
  const plain = withoutSizeQuery(url);
  const original = plain.replace(SIZED_NAME, '$1');
  return original !== plain && library.has(original) ? original : plain;
}

/** A body using the copies: Markdown images by reference (responsive), anything else by the file's address. */
export function rewriteBody(markdown: string, copies: Map<string, Copy>): string {
  let body = markdown;
  // Longest first: "a.jpg" must not eat the start of "a.jpg?w=604" before that is replaced whole.
  const byLength = [...copies].sort(([a], [b]) => b.length - a.length);
  for (const [url, copy] of byLength) {
    body = body.replace(
      new RegExp(`(!\\[(?:\\\\.|[^\\]\\\\])*\\]\\(\\s*<?)${escapeRegExp(url)}`, 'g'),
      `$1/media/${copy.id}`,
    );
    body = body.split(url).join(copy.file);
  }
  return body;
}
