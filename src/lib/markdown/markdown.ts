// The one way user text becomes HTML: marked (GFM) for Markdown, then
// sanitize-html with an allowlist per policy. marked passes raw HTML through,
// so sanitising is what makes the output safe.
import { Marked, type Token, type TokensList } from 'marked';
import { escape as escapeHtml } from 'html-escaper';
import sanitizeHtml from 'sanitize-html';
import {
  cleanSourceAttributes,
  isAllowedSource,
  keepMediaSrcset,
  pictureHtml,
  type ResponsiveImage,
} from './picture.ts';

export type { ResponsiveImage } from './picture.ts';

export type MarkdownPolicy = 'post' | 'strict';

const postMarked = new Marked({ gfm: true, breaks: false, async: false });

// Comments, wishes and offers take Markdown only: raw HTML someone types is
// shown as the text they typed, never as markup.
const strictMarked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html: (token) => escapeHtml(token.text),
  },
});

const LINK_REL = 'nofollow ugc noopener';

const common: sanitizeHtml.IOptions = {
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  enforceHtmlBoundary: false,
  parseStyleAttributes: false,
};

const strictTags = ['p', 'br', 'em', 'strong', 'del', 'a', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li'];

const policies: Record<MarkdownPolicy, sanitizeHtml.IOptions> = {
  // Comments, wishes and offers: text formatting and links only.
  strict: {
    ...common,
    allowedTags: strictTags,
    allowedAttributes: { a: ['href', 'title', 'rel'], ol: ['start'], code: ['class'] },
    allowedClasses: { code: [/^language-[\w-]+$/] },
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: LINK_REL }) },
  },
  // The author's posts: also headings, images, tables and rules.
  post: {
    ...common,
    allowedTags: [
      ...strictTags,
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'hr',
      'img',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'sup',
      'sub',
      'figure',
      'figcaption',
      // Uploaded images; their srcset may only name /media/ files (picture.ts).
      'picture',
      'source',
    ],
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'srcset', 'sizes', 'alt', 'title', 'width', 'height', 'loading', 'decoding'],
      source: ['type', 'srcset', 'sizes'],
      ol: ['start'],
      // Imported tables keep their merged cells (src/lib/import keeps tables as HTML).
      th: ['align', 'colspan', 'rowspan', 'scope'],
      td: ['align', 'colspan', 'rowspan'],
      code: ['class'],
    },
    allowedClasses: { code: [/^language-[\w-]+$/] },
    allowedSchemesByTag: { img: ['http', 'https'] },
    transformTags: {
      // A post's h1 is its title; body headings start at h2.
      h1: 'h2',
      a: (tagName, attribs) => ({
        tagName,
        attribs: isSameSite(attribs.href) ? attribs : { ...attribs, rel: 'noopener' },
      }),
      source: (tagName, attribs) => ({ tagName, attribs: cleanSourceAttributes(attribs) }),
    },
    selfClosing: [...sanitizeHtml.defaults.selfClosing, 'source'],
    // A <source> must list only our media files, with an image type we serve.
    exclusiveFilter: (frame) => frame.tag === 'source' && !isAllowedSource(frame.attribs),
  },
};

/**
 * Hooks the post renderer passes in. Comments, wishes and offers (the strict
 * policy) take none: they never show images.
 */
interface PostRenderHooks {
  /** The uploaded image an image's address names (`/media/<id>`), or null to leave it as written. */
  resolveImage?: (href: string) => ResponsiveImage | null;
}

/** Post images: the first loads at once (it may be the largest paint), the others when scrolled near. */
function postPolicy(): sanitizeHtml.IOptions {
  let images = 0;
  const base = policies.post;
  return {
    ...base,
    transformTags: {
      ...base.transformTags,
      img: (tagName, attribs) => {
        const { loading: _loading, decoding: _decoding, ...rest } = keepMediaSrcset(attribs);
        const hints: Record<string, string> =
          images++ === 0 ? { loading: 'eager' } : { loading: 'lazy', decoding: 'async' };
        return { tagName, attribs: { ...rest, ...hints } };
      },
    },
  };
}

/** Replaces each image token the hook resolves with its <picture> markup (sanitised after). */
function resolveImages(tokens: TokensList, resolveImage: NonNullable<PostRenderHooks['resolveImage']>): void {
  postMarked.walkTokens(tokens, (token: Token) => {
    if (token.type !== 'image') return;
    const image = resolveImage(token.href);
    if (!image) return;
    // The alt as typed, less Markdown's backslash escapes (`\[` for a bracket).
    const alt = token.text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
    const html = pictureHtml(image, alt, token.title ?? null);
    Object.assign(token, { type: 'html', text: html, block: false, pre: false });
  });
}

function isSameSite(href: string | undefined): boolean {
  return !href || href.startsWith('/') || href.startsWith('#');
}

export function renderMarkdown(markdown: string, policy: MarkdownPolicy, hooks: PostRenderHooks = {}): string {
  if (policy === 'strict') return sanitizeHtml(strictMarked.parse(markdown, { async: false }), policies.strict).trim();
  const tokens = postMarked.lexer(markdown);
  if (hooks.resolveImage) resolveImages(tokens, hooks.resolveImage);
  return sanitizeHtml(postMarked.parser(tokens), postPolicy()).trim();
}

/**
 * HTML written elsewhere (a reply from the fediverse) made as safe as a
 * visitor's comment: the strict policy, so text formatting and links only,
 * no images, every link nofollow.
 */
export function sanitizeCommentHtml(html: string): string {
  return sanitizeHtml(html, policies.strict).trim();
}

/** The address of every Markdown image (`![alt](address)`) in a post, in order; code is not searched. */
export function listImageAddresses(markdown: string): string[] {
  const addresses: string[] = [];
  postMarked.walkTokens(postMarked.lexer(markdown), (token: Token) => {
    if (token.type === 'image') addresses.push(token.href);
  });
  return addresses;
}

/** Plain text of some Markdown, for excerpts and meta descriptions. */
export function markdownToText(markdown: string): string {
  return htmlToText(postMarked.parse(markdown, { async: false }));
}

/** Plain text of HTML (tags dropped, entities decoded): what a reader of the rendered HTML reads. */
export function htmlToText(html: string): string {
  return decodeEscapes(sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }))
    .replace(/\s+/g, ' ')
    .trim();
}

// sanitize-html escapes exactly these in text; templates escape again on output.
const ESCAPES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };
function decodeEscapes(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot);/g, (entity) => ESCAPES[entity]!);
}

/**
 * Plain text written as HTML that shows exactly that text. For fields a
 * reader renders as HTML though we hold text, such as feed descriptions: the
 * XML layer's own escaping is undone by the feed parser, so without this a
 * comment typed as `<img onerror=…>` would reach the reader as a tag.
 */
export function textToHtml(text: string): string {
  return escapeHtml(text);
}

/** Shortens text at a word boundary. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Counts links in Markdown the way the reader would see them (after rendering). */
export function countLinks(markdown: string): number {
  return (renderMarkdown(markdown, 'strict').match(/<a\s/g) ?? []).length;
}
