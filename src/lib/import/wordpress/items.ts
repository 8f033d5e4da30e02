// One WXR <item> in our terms: a post or a page (with its comments), a menu
// entry, or something we leave out and count.
import { htmlToText, truncateText } from '../../markdown/markdown.ts';
import { slugify } from '../../posts/slug.ts';
import { htmlToMarkdown } from '../html.ts';
import { legacyPathOf, normalizePath, queryKey } from '../legacy.ts';
import { TITLE_LIMIT, type ImportedComment, type ImportedEntry, type ImportedTag, type SourceImage } from '../model.ts';
import { child, children, rawTextOf, textOf, type XNode } from '../xml.ts';
import { mapWordPressComments } from './comments.ts';
import { localDateParts, parseGmt, parseLocal } from './dates.ts';
import { cleanWordPressContent, hasBlocks } from './shortcodes.ts';
import { MARKDOWN_META, MENU_META } from '../export/wxr.ts';

export interface WxrChannel {
  title: string;
  description: string;
  baseSiteUrl: string | null;
  /** Path the blog lived under ("" at the root, "/blog"). */
  blogPath: string;
  authors: Map<string, string>;
  /** nicename → { name, parent nicename } */
  categories: Map<string, { name: string; parent: string }>;
  timeZone: string;
}

export type WxrItem =
  | {
      type: 'entry';
      entry: ImportedEntry;
      comments: ImportedComment[];
      skipped: string[];
      remarks: string[];
      /** The attachment the post shows as its featured image (_thumbnail_id), if any. */
      coverSourceId?: string;
    }
  | { type: 'menu'; pageSourceId: string; order: number; skipped: string }
  /**
   * An attachment: its image (null for audio, video, documents) goes to the media library; its
   * page's old addresses lead to the post it belongs to (none when attached to nothing).
   */
  | {
      type: 'attachment';
      image: SourceImage | null;
      parentSourceId: string | null;
      legacyPaths: string[];
      /** Its place in its post's gallery (menu_order). */
      order: number;
    }
  | { type: 'skip'; reason: string };

const EXCERPT_MAX = 500;

function decodeSlug(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function meta(item: XNode, key: string): string | null {
  const entry = children(item, 'wp:postmeta').find((m) => textOf(m, 'wp:meta_key') === key);
  return entry ? textOf(entry, 'wp:meta_value') : null;
}

/** "night-trains" under "travel" → "travel/night-trains", as WordPress's category URLs nest. */
function categoryChain(nicename: string, channel: WxrChannel): string {
  const chain = [nicename];
  for (
    let p = channel.categories.get(nicename)?.parent;
    p && chain.length < 10;
    p = channel.categories.get(p)?.parent
  ) {
    chain.unshift(p);
  }
  return chain.join('/');
}

function tagsOf(item: XNode, channel: WxrChannel): ImportedTag[] {
  const tags: ImportedTag[] = [];
  for (const c of children(item, 'category')) {
    const domain = c.attrs.domain;
    const nicename = decodeSlug(c.attrs.nicename ?? '');
    const name = htmlToText(c.text).slice(0, 40);
    if (!name || (domain === 'category' && nicename === 'uncategorized')) continue;
    if (domain === 'category') {
      const chain = categoryChain(nicename, channel);
      tags.push({
        name,
        legacyPaths: [...new Set([chain, nicename])].map((p) => normalizePath(`${channel.blogPath}/category/${p}`)),
      });
    } else if (domain === 'post_tag') {
      tags.push({ name, legacyPaths: [normalizePath(`${channel.blogPath}/tag/${nicename}`)] });
    }
  }
  return tags;
}

const POST_STATUS: Record<string, 'published' | 'scheduled' | 'draft'> = {
  publish: 'published',
  future: 'scheduled',
  draft: 'draft',
  pending: 'draft',
  private: 'draft',
};

/** What the media library takes (src/lib/media/formats.ts), by the file's name: the export gives no type. */
const IMAGE_FILE = /\.(jpe?g|png|gif|webp|avif)$/i;

function mapAttachment(item: XNode, id: string, channel: WxrChannel): WxrItem {
  const url = textOf(item, 'wp:attachment_url');
  let image: SourceImage | null = null;
  try {
    if (id && IMAGE_FILE.test(new URL(url).pathname)) {
      image = {
        sourceId: id,
        url,
        alt: htmlToText(meta(item, '_wp_attachment_image_alt') ?? ''),
        title: htmlToText(textOf(item, 'title')),
      };
    }
  } catch {
    image = null; // no address, or not one: nothing to copy
  }
  const parent = textOf(item, 'wp:post_parent');
  const order = Number(textOf(item, 'wp:menu_order')) || 0;
  if (!id || !parent || parent === '0') {
    return { type: 'attachment', image, parentSourceId: null, legacyPaths: [], order };
  }
  const paths = new Set([queryKey(channel.blogPath, 'attachment_id', id)]);
  const link = legacyPathOf(textOf(item, 'link'));
  if (link && link !== '/' && link !== normalizePath(channel.blogPath)) paths.add(link);
  return { type: 'attachment', image, parentSourceId: parent, legacyPaths: [...paths], order };
}

export function mapWxrItem(item: XNode, channel: WxrChannel): WxrItem {
  const type = textOf(item, 'wp:post_type');
  const id = textOf(item, 'wp:post_id');
  const wpStatus = textOf(item, 'wp:status');
  if (type === 'nav_menu_item') {
    const skipped = 'nav_menu_item (the menu is rebuilt from the pages it listed)';
    if (meta(item, '_menu_item_object') === 'page') {
      return {
        type: 'menu',
        pageSourceId: meta(item, '_menu_item_object_id') ?? '',
        order: Number(textOf(item, 'wp:menu_order')) || 0,
        skipped,
      };
    }
    return { type: 'skip', reason: skipped };
  }
  if (type === 'attachment') return mapAttachment(item, id, channel);
  if (type !== 'post' && type !== 'page')
    return { type: 'skip', reason: `${type || 'untyped'} item (not a post or page)` };
  if (!id) return { type: 'skip', reason: `${type} without a wp:post_id` };
  if (wpStatus === 'trash') return { type: 'skip', reason: `${type} in the trash` };
  if (!(wpStatus in POST_STATUS)) return { type: 'skip', reason: `${type} with status "${wpStatus.slice(0, 20)}"` };

  const remarks: string[] = [];
  let status = POST_STATUS[wpStatus]!;
  if (wpStatus === 'private') remarks.push(`private ${type} imported as a draft`);
  if (wpStatus === 'pending') remarks.push(`${type} pending review imported as a draft`);
  // Nothing is pinned here: said, so nobody looks for it at the top of the blog.
  if (textOf(item, 'wp:is_sticky') === '1') remarks.push('sticky post imported in its place by date (no pinning here)');
  if (textOf(item, 'wp:post_password') && status !== 'draft') {
    status = 'draft';
    remarks.push(`password-protected ${type} imported as a draft`);
  }
  const localDate = textOf(item, 'wp:post_date');
  const publishedAt =
    status === 'draft' ? null : (parseGmt(textOf(item, 'wp:post_date_gmt')) ?? parseLocal(localDate, channel.timeZone));
  if (status !== 'draft' && !publishedAt) {
    status = 'draft';
    remarks.push(`${type} without a readable date imported as a draft`);
  }

  const content = rawTextOf(item, 'content:encoded');
  // A Wishcast export carries the Markdown source: no conversion, nothing lost.
  const bodyMd =
    meta(item, MARKDOWN_META) ??
    (htmlToMarkdown(cleanWordPressContent(content, { galleryOf: id }), {
      autop: !hasBlocks(content),
      baseUrl: channel.baseSiteUrl,
    }) ||
      ' ');
  const title = truncateText(htmlToText(textOf(item, 'title')), TITLE_LIMIT) || 'Untitled';
  const postName = decodeSlug(textOf(item, 'wp:post_name'));
  const slug = slugify(postName) || slugify(title);

  const link = textOf(item, 'link');
  const paths = new Set<string>();
  for (const url of [link, child(item, 'guid')?.text.trim() ?? '']) {
    const path = url ? legacyPathOf(url) : null;
    if (path && path !== '/' && path !== normalizePath(channel.blogPath)) paths.add(path);
  }
  paths.add(queryKey(channel.blogPath, 'p', id));
  if (type === 'page') paths.add(queryKey(channel.blogPath, 'page_id', id));

  if (type === 'page') {
    const order = Number(textOf(item, 'wp:menu_order')) || 0;
    const topLevel = (textOf(item, 'wp:post_parent') || '0') === '0';
    const pageStatus = status === 'published' ? 'published' : 'draft';
    return {
      type: 'entry',
      entry: {
        kind: 'page',
        sourceId: id,
        title,
        slug,
        bodyMd,
        status: pageStatus,
        showInMenu: pageStatus === 'published' && (meta(item, MENU_META) ?? (topLevel ? '1' : '0')) === '1',
        menuOrder: order,
        createdAt: parseGmt(textOf(item, 'wp:post_date_gmt')) ?? parseLocal(localDate, channel.timeZone),
        legacyPaths: [...paths],
      },
      comments: [],
      skipped: children(item, 'wp:comment').map(() => 'comment on a page (pages have no comments)'),
      remarks,
    };
  }

  const parts = localDateParts(localDate);
  if (parts && postName && status !== 'draft') {
    const [y, m, d] = parts;
    paths.add(normalizePath(`${channel.blogPath}/${y}/${m}/${d}/${postName}`));
    paths.add(normalizePath(`${channel.blogPath}/${y}/${m}/${postName}`));
  }
  // Alike blogger/entries.ts: kept apart because each format maps its own fields onto the same entry.
  const excerpt = htmlToText(rawTextOf(item, 'excerpt:encoded'));
  const mapped = mapWordPressComments(item, id, { timeZone: channel.timeZone, baseUrl: channel.baseSiteUrl });
  const creator = textOf(item, 'dc:creator');
  return {
    type: 'entry',
    entry: {
      kind: 'post',
      sourceId: id,
      title,
      slug,
      bodyMd,
      excerpt: excerpt ? truncateText(excerpt, EXCERPT_MAX) : null,
      status,
      publishedAt,
      byline: creator ? (channel.authors.get(creator) ?? creator) : null,
      tags: tagsOf(item, channel),
      legacyPaths: [...paths],
      commentsClosed: textOf(item, 'wp:comment_status') === 'closed',
    },
    comments: mapped.comments,
    skipped: mapped.skipped,
    remarks,
    coverSourceId: meta(item, '_thumbnail_id') || undefined,
  };
}
