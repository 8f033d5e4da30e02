// The whole site as WXR 1.2, the format WordPress's importer reads (and many
// other tools): posts, pages, tags and comments with their threading and
// status. Bodies go out as the sanitised HTML readers saw; the Markdown source
// rides along as a hidden meta field (_wishcast_markdown), which WordPress
// keeps and our importer prefers, so a round trip loses nothing.
import { XMLBuilder } from 'fast-xml-parser';
import { DateTime } from 'luxon';
import type { Db } from '../../db.ts';
import { displayStatus } from '../../posts/visibility.ts';
import { slugify } from '../../posts/slug.ts';
import { BATCH, readCommentsOf, readPages, readPostAuthors, readPostBatch, readTags } from './read-repo.ts';
import type { CommentRecord, PostRecord } from './read-repo.ts';

/** Pages share WordPress's id space with posts: theirs are offset so they never collide. */
const PAGE_ID_OFFSET = 1_000_000_000;
export const MARKDOWN_META = '_wishcast_markdown';
export const MENU_META = '_wishcast_show_in_menu';

export interface ExportOptions {
  siteUrl: string;
  siteName: string;
  tagline: string;
  timeZone: string;
  now: Date;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '\t',
  suppressEmptyNode: false,
});

function localDate(date: Date | null, zone: string): string {
  return date ? DateTime.fromJSDate(date, { zone }).toFormat('yyyy-LL-dd HH:mm:ss') : '0000-00-00 00:00:00';
}

function rfc822(date: Date | null): string {
  return date ? DateTime.fromJSDate(date, { zone: 'utc' }).toRFC2822()! : '';
}

function loginOf(name: string | null): string {
  return name ? slugify(name) || 'author' : '';
}

function meta(key: string, value: string) {
  return { 'wp:meta_key': key, 'wp:meta_value': value };
}

const COMMENT_STATUS = { approved: '1', pending: '0', spam: 'spam', deleted: 'trash' } as const;

function commentXml(c: CommentRecord, zone: string) {
  return {
    'wp:comment_id': c.id,
    'wp:comment_author': c.author_name,
    'wp:comment_author_email': c.author_email ?? '',
    'wp:comment_author_url': c.author_url ?? '',
    'wp:comment_author_IP': '',
    'wp:comment_date': localDate(c.created_at, zone),
    'wp:comment_date_gmt': localDate(c.created_at, 'utc'),
    'wp:comment_content': c.body_html,
    'wp:comment_approved': COMMENT_STATUS[c.status],
    'wp:comment_type': 'comment',
    'wp:comment_parent': c.parent_id ?? 0,
    'wp:comment_user_id': 0,
    'wp:commentmeta': [meta(MARKDOWN_META, c.body_md)],
  };
}

function postXml(post: PostRecord, comments: CommentRecord[], options: ExportOptions) {
  const status = displayStatus({ status: post.status, publishedAt: post.published_at }, options.now);
  const link = `${options.siteUrl}/posts/${post.slug}`;
  return {
    item: {
      title: post.title,
      link,
      pubDate: rfc822(post.published_at),
      'dc:creator': loginOf(post.author_name),
      guid: { '@_isPermaLink': 'false', '#text': link },
      description: '',
      'content:encoded': post.body_html,
      'excerpt:encoded': post.excerpt,
      'wp:post_id': post.id,
      'wp:post_date': localDate(post.published_at ?? post.updated_at, options.timeZone),
      'wp:post_date_gmt': localDate(status === 'draft' ? null : post.published_at, 'utc'),
      'wp:post_modified': localDate(post.updated_at, options.timeZone),
      'wp:post_modified_gmt': localDate(post.updated_at, 'utc'),
      'wp:comment_status': post.comments_closed ? 'closed' : 'open',
      'wp:ping_status': 'closed',
      'wp:post_name': post.slug,
      'wp:status': status === 'published' ? 'publish' : status === 'scheduled' ? 'future' : 'draft',
      'wp:post_parent': 0,
      'wp:menu_order': 0,
      'wp:post_type': 'post',
      'wp:post_password': '',
      'wp:is_sticky': 0,
      category: (post.tags ?? []).map((t) => ({ '@_domain': 'post_tag', '@_nicename': t.slug, '#text': t.name })),
      'wp:postmeta': [meta(MARKDOWN_META, post.body_md)],
      'wp:comment': comments.map((c) => commentXml(c, options.timeZone)),
    },
  };
}

function pageXml(page: Awaited<ReturnType<typeof readPages>>[number], options: ExportOptions) {
  const link = `${options.siteUrl}/${page.slug}`;
  return {
    item: {
      title: page.title,
      link,
      pubDate: rfc822(page.created_at),
      'dc:creator': '',
      guid: { '@_isPermaLink': 'false', '#text': link },
      description: '',
      'content:encoded': page.body_html,
      'excerpt:encoded': '',
      'wp:post_id': PAGE_ID_OFFSET + page.id,
      'wp:post_date': localDate(page.created_at, options.timeZone),
      'wp:post_date_gmt': localDate(page.status === 'published' ? page.created_at : null, 'utc'),
      'wp:post_modified': localDate(page.updated_at, options.timeZone),
      'wp:post_modified_gmt': localDate(page.updated_at, 'utc'),
      'wp:comment_status': 'closed',
      'wp:ping_status': 'closed',
      'wp:post_name': page.slug,
      'wp:status': page.status === 'published' ? 'publish' : 'draft',
      'wp:post_parent': 0,
      'wp:menu_order': page.menu_order,
      'wp:post_type': 'page',
      'wp:post_password': '',
      'wp:is_sticky': 0,
      'wp:postmeta': [meta(MARKDOWN_META, page.body_md), meta(MENU_META, page.show_in_menu ? '1' : '0')],
    },
  };
}

const HEADER = `<?xml version="1.0" encoding="UTF-8" ?>
<!-- A WordPress eXtended RSS (WXR 1.2) export of a Wishcast site: posts, pages, tags and comments. -->
<!-- WordPress reads it with Tools, Import, WordPress; Wishcast with its import command (wordpress FILE). -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
`;

/** The export as a stream of text; memory stays flat however large the site. */
export async function* exportWxr(db: Db, options: ExportOptions): AsyncGenerator<string> {
  yield HEADER;
  yield builder.build({
    title: options.siteName,
    link: options.siteUrl,
    description: options.tagline,
    pubDate: rfc822(options.now),
    language: 'en',
    'wp:wxr_version': '1.2',
    'wp:base_site_url': options.siteUrl,
    'wp:base_blog_url': options.siteUrl,
  });
  const authors = await readPostAuthors(db);
  yield builder.build({
    'wp:author': authors.map((name, i) => ({
      'wp:author_id': i + 1,
      'wp:author_login': loginOf(name),
      'wp:author_email': '',
      'wp:author_display_name': name,
      'wp:author_first_name': '',
      'wp:author_last_name': '',
    })),
  });
  const tags = await readTags(db);
  yield builder.build({
    // By slug, numbered in that order: the file does not depend on the order tags were first used in.
    'wp:tag': tags
      .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
      .map((t, i) => ({ 'wp:term_id': i + 1, 'wp:tag_slug': t.slug, 'wp:tag_name': t.name })),
  });
  yield builder.build({ generator: 'Wishcast' });
  for (let after = 0; ;) {
    const posts = await readPostBatch(db, after);
    if (posts.length === 0) break;
    const comments = await readCommentsOf(
      db,
      posts.map((p) => p.id),
    );
    for (const post of posts) {
      yield builder.build(
        postXml(
          post,
          comments.filter((c) => c.post_id === post.id),
          options,
        ),
      );
    }
    after = posts.at(-1)!.id;
    if (posts.length < BATCH) break;
  }
  for (const page of await readPages(db)) yield builder.build(pageXml(page, options));
  yield '</channel>\n</rss>\n';
}
