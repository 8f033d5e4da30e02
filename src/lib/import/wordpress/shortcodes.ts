// WordPress content before it is HTML: block-editor comments and shortcodes.
// WordPress runs only the shortcodes its plugins registered and shows any other
// [bracketed] text as typed, so we do the same for what we cannot know:
// - [caption]…[/caption] becomes a <figure> with the image and its text;
// - a cover block's background image (WordPress 5 put it in a style) becomes an image;
// - [embed]URL[/embed], [video]/[audio] and embed blocks become a link to the media;
// - enclosing shortcodes of any name ([x]inner[/x]) keep their inner content;
// - [gallery] shows the post's attached images (or those its ids name): when the
//   reader asks for galleries, it becomes a marker that galleries.ts turns into
//   the images once every attachment of the export is known; else it goes;
// - self-closing ones with attributes ([contact-form-7 id="4"]) and known bare
//   ones ([playlist]) are removed: they were widgets, not writing;
// - anything else in brackets ("[citation needed]") stays, as WordPress showed it.
import { escape as escapeHtml } from 'html-escaper';

const WIDGET_SHORTCODES = new Set([
  'gallery',
  'playlist',
  'contact-form',
  'contact-form-7',
  'gravityform',
  'wpforms',
  'ninja_form',
  'mc4wp_form',
  'instagram-feed',
  'recent-posts',
  'toc',
]);
const MEDIA_SHORTCODES = new Set(['video', 'audio']);
const MEDIA_ATTRS = ['src', 'mp4', 'm4v', 'webm', 'ogv', 'mp3', 'ogg', 'm4a', 'wav', 'flv', 'wmv'];

/** `a="b" c='d' e=f` → { a: 'b', c: 'd', e: 'f' } */
function parseShortcodeAttrs(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of text.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))/g)) {
    attrs[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return attrs;
}

function link(url: string): string {
  const safe = escapeHtml(url.trim());
  return `\n\n<p><a href="${safe}">${safe}</a></p>\n\n`;
}

/** [caption id="…" caption="old style"]<a><img></a> Text[/caption] → <figure>. */
function replaceCaptions(content: string): string {
  return content.replace(
    /\[(caption|wp_caption)\b([^\]]*)\]([\s\S]*?)\[\/\1\]/g,
    (_m, _name: string, attrText: string, inner: string) => {
      const image = /(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?/i.exec(inner);
      const attrs = parseShortcodeAttrs(attrText);
      const text = (image ? inner.replace(image[0], '') : inner).trim() || attrs.caption || '';
      if (!image) return text;
      return `\n\n<figure>${image[0]}<figcaption>${text}</figcaption></figure>\n\n`;
    },
  );
}

/** Gutenberg embed blocks carry their URL in the block's attributes. */
function replaceEmbedBlocks(content: string): string {
  return content.replace(
    /<!--\s*wp:(?:core-)?embed(?:\/[\w-]+)?\s+(\{[\s\S]*?\})\s*-->[\s\S]*?<!--\s*\/wp:(?:core-)?embed(?:\/[\w-]+)?\s*-->/g,
    (whole, json: string) => {
      try {
        const url = (JSON.parse(json) as { url?: unknown }).url;
        return typeof url === 'string' && /^https?:\/\//.test(url) ? link(url) : whole;
      } catch {
        return whole;
      }
    },
  );
}

/** The marker a [gallery] leaves in the Markdown: "wishcast-gallery:post=555" or "wishcast-gallery:ids=770,771". */
export const GALLERY_MARKER = /^wishcast-gallery:(post|ids)=([\d,]+)$/gm;

/** [gallery ids="770,771"] → the marker naming those attachments; [gallery] → this post's attachments. */
function replaceGalleries(content: string, postSourceId: string): string {
  return content.replace(/\[gallery\b([^\]]*)\/?\]/g, (_m, attrText: string) => {
    const attrs = parseShortcodeAttrs(attrText);
    const ids = (attrs.ids ?? attrs.include ?? '').split(',').filter((id) => /^\s*\d+\s*$/.test(id));
    if (ids.length > 0) return `\n\n<p>wishcast-gallery:ids=${ids.map((id) => id.trim()).join(',')}</p>\n\n`;
    const post = /^\d+$/.test(attrs.id ?? '') ? attrs.id! : postSourceId;
    return /^\d+$/.test(post) ? `\n\n<p>wishcast-gallery:post=${post}</p>\n\n` : '';
  });
}

/**
 * A cover block of WordPress 5 shows its image as a CSS background (styles go), so the image
 * would be lost: it is put before the block's text. Later cover blocks hold an <img> already.
 */
function replaceCoverBlocks(content: string): string {
  return content.replace(
    /(<!--\s*wp:cover\s+(\{[\s\S]*?\})\s*-->)([\s\S]*?<!--\s*\/wp:cover\s*-->)/g,
    (whole, open: string, json: string, rest: string) => {
      if (/<(img|video)\b/i.test(rest)) return whole;
      try {
        const block = JSON.parse(json) as { url?: unknown; alt?: unknown; backgroundType?: unknown };
        if (typeof block.url !== 'string' || !/^https?:\/\//.test(block.url) || block.backgroundType === 'video') {
          return whole;
        }
        const alt = typeof block.alt === 'string' ? block.alt : '';
        return `${open}\n<p><img src="${escapeHtml(block.url)}" alt="${escapeHtml(alt)}"></p>\n${rest}`;
      } catch {
        return whole;
      }
    },
  );
}

function replaceShortcodeTags(content: string): string {
  // [embed]URL[/embed]
  let out = content.replace(/\[embed\b[^\]]*\]([\s\S]*?)\[\/embed\]/g, (_m, url: string) =>
    /^\s*https?:\/\/\S+\s*$/.test(url) ? link(url) : '',
  );
  // Media shortcodes, self-closing or enclosing.
  out = out.replace(/\[(video|audio)\b([^\]]*)\](?:[\s\S]*?\[\/\1\])?/g, (_m, _name: string, attrText: string) => {
    const attrs = parseShortcodeAttrs(attrText);
    // "[audio https://…/a.mp3]": the address alone, as WordPress.com writes it.
    const bare = /^\s*(https?:\/\/[^\s"'\]]+)\s*$/.exec(attrText)?.[1];
    const src = MEDIA_ATTRS.map((a) => attrs[a]).find((v) => v && /^https?:\/\//.test(v)) ?? bare;
    return src ? link(src) : '';
  });
  // Enclosing shortcodes keep what they enclose (repeat for nesting).
  for (let i = 0; i < 5; i++) {
    const next = out.replace(
      /\[([a-zA-Z_][\w-]*)\b[^\]]*\]([\s\S]*?)\[\/\1\]/g,
      (_m, _n: string, inner: string) => inner,
    );
    if (next === out) break;
    out = next;
  }
  // Self-closing widgets: any with attributes, or a known name.
  out = out.replace(/\[([a-zA-Z_][\w-]*)(\s[^\]]*)?\/?\]/g, (whole, name: string, attrText: string | undefined) => {
    if (MEDIA_SHORTCODES.has(name)) return '';
    if (WIDGET_SHORTCODES.has(name.toLowerCase())) return '';
    return attrText && /=/.test(attrText) ? '' : whole;
  });
  return out;
}

/** True when the body was written in the block editor (no wpautop then, as WordPress does). */
export function hasBlocks(content: string): boolean {
  return /<!--\s*wp:/.test(content);
}

/**
 * WordPress markup that is not content, removed; captions and embeds kept as HTML. With
 * galleryOf (the post's own id), a [gallery] becomes a marker for its images.
 */
export function cleanWordPressContent(content: string, options: { galleryOf?: string } = {}): string {
  // [[gallery]] is how WordPress writes a literal "[gallery]": protect it first.
  const literals: string[] = [];
  let out = content.replace(/\[\[([^[\]]+)\]\]/g, (_m, inner: string) => {
    literals.push(`[${inner}]`);
    return `\u0000${literals.length - 1}\u0000`;
  });
  out = replaceEmbedBlocks(out);
  out = replaceCoverBlocks(out);
  out = out.replace(/<!--\s*\/?wp:[\s\S]*?-->/g, '');
  out = replaceCaptions(out);
  if (options.galleryOf !== undefined) out = replaceGalleries(out, options.galleryOf);
  out = replaceShortcodeTags(out);
  // eslint-disable-next-line no-control-regex -- the placeholder is a NUL we put there
  return out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => escapeHtml(literals[Number(i)]!));
}
