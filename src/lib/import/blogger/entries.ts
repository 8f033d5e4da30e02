// One Blogger Atom <entry> in our terms. Two formats share this code:
// - Google Takeout's feed.atom (Blogger's 2018 schema): blogger:type POST/PAGE/COMMENT,
//   blogger:status, blogger:filename, blogger:parent (the post) and blogger:inReplyTo
//   (the comment replied to);
// - the legacy "Back up content" blog-MM-DD-YYYY.xml: the kind as a category,
//   app:draft, the old URL as link rel="alternate", thr:in-reply-to (the post) and
//   link rel="related" (the comment replied to).
import { htmlToText, truncateText } from '../../markdown/markdown.ts';
import { slugify } from '../../posts/slug.ts';
import { commentToMarkdown, htmlToMarkdown } from '../html.ts';
import { legacyPathOf, normalizePath } from '../legacy.ts';
import { NAME_LIMIT, TITLE_LIMIT, safeAuthorUrl, safeEmail } from '../model.ts';
import type { ImportedComment, ImportedEntry, ImportedTag } from '../model.ts';
import { child, children, rawTextOf, textOf, type XNode } from '../xml.ts';

const KIND_SCHEME = 'http://schemas.google.com/g/2005#kind';

type BloggerItem =
  | { type: 'entry'; entry: ImportedEntry; remarks: string[] }
  | { type: 'comment'; comment: ImportedComment }
  | { type: 'setting'; name: string; value: string }
  | { type: 'skip'; reason: string };

/** POST, PAGE, COMMENT, TEMPLATE, SETTINGS… whichever format says it. */
export function kindOf(entry: XNode): string {
  const modern = textOf(entry, 'blogger:type');
  if (modern) return modern.toUpperCase();
  const kind = children(entry, 'category').find((c) => c.attrs.scheme === KIND_SCHEME)?.attrs.term ?? '';
  return kind.replace(/^.*#/, '').toUpperCase();
}

function textField(entry: XNode, name: string): string {
  const node = child(entry, name);
  if (!node) return '';
  return node.attrs.type === 'html' ? htmlToText(node.text) : node.text.replace(/\s+/g, ' ').trim();
}

function alternatePath(entry: XNode): string | null {
  const filename = textOf(entry, 'blogger:filename');
  if (filename) return normalizePath(filename);
  const href = children(entry, 'link').find((l) => l.attrs.rel === 'alternate')?.attrs.href;
  return href ? legacyPathOf(href) : null;
}

function labelsOf(entry: XNode): ImportedTag[] {
  return children(entry, 'category')
    .filter((c) => c.attrs.scheme !== KIND_SCHEME && c.attrs.term)
    .map((c) => ({
      name: c.attrs.term!.trim().slice(0, 40),
      legacyPaths: [normalizePath(`/search/label/${c.attrs.term!.trim()}`)],
    }));
}

function isTrashed(entry: XNode): boolean {
  const status = textOf(entry, 'blogger:status').toUpperCase();
  return textOf(entry, 'blogger:trashed') !== '' || status.includes('TRASH') || status === 'DELETED';
}

function isDraft(entry: XNode): boolean {
  const draft = textOf(child(entry, 'app:control') ?? entry, 'app:draft');
  return draft === 'yes' || textOf(entry, 'blogger:status').toUpperCase() === 'DRAFT';
}

function validDate(value: string): Date | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "/2019/06/cafe-chats.html" → "cafe-chats". */
function slugOfPath(path: string | null): string {
  const last = (path ?? '').split('/').pop() ?? '';
  return slugify(last.replace(/\.html?$/, ''));
}

function mapPostOrPage(entry: XNode, kind: 'POST' | 'PAGE', now: Date): BloggerItem {
  const id = textOf(entry, 'id');
  if (isTrashed(entry)) return { type: 'skip', reason: `${kind.toLowerCase()} in the trash` };
  const title = truncateText(textField(entry, 'title'), TITLE_LIMIT) || 'Untitled';
  const path = alternatePath(entry);
  const content = rawTextOf(entry, 'content');
  const bodyMd =
    (child(entry, 'content')?.attrs.type === 'text'
      ? commentToMarkdown(content, { autop: true, baseUrl: null })
      : htmlToMarkdown(content, { autop: false, baseUrl: null })) || ' ';
  const draft = isDraft(entry);
  const legacyPaths = path ? [path] : [];
  if (kind === 'PAGE') {
    const status = draft ? 'draft' : 'published';
    return {
      type: 'entry',
      entry: {
        kind: 'page',
        sourceId: id,
        title,
        slug: slugOfPath(path) || slugify(title),
        bodyMd,
        status,
        showInMenu: !draft,
        menuOrder: 0,
        createdAt: validDate(textOf(entry, 'published')),
        legacyPaths,
      },
      remarks: [],
    };
  }
  const published = new Date(textOf(entry, 'published'));
  const dated = !Number.isNaN(published.getTime());
  const remarks = !draft && !dated ? ['post without a readable date imported as a draft'] : [];
  const status = draft || !dated ? 'draft' : published.getTime() > now.getTime() ? 'scheduled' : 'published';
  // Alike wordpress/items.ts: kept apart because each format maps its own fields onto the same entry.
  const excerpt = textOf(entry, 'blogger:metaDescription');
  return {
    type: 'entry',
    entry: {
      kind: 'post',
      sourceId: id,
      title,
      slug: slugOfPath(path) || slugify(title),
      bodyMd,
      excerpt: excerpt ? truncateText(excerpt, 500) : null,
      status,
      publishedAt: status === 'draft' ? null : published,
      byline: textOf(child(entry, 'author') ?? entry, 'name') || null,
      tags: labelsOf(entry),
      legacyPaths,
      commentsClosed: false,
    },
    remarks,
  };
}

/** The comment replied to: blogger:inReplyTo, or the legacy rel="related" link to its feed entry. */
function parentRef(entry: XNode, id: string): string | null {
  const modern = textOf(entry, 'blogger:inReplyTo');
  if (modern) return modern;
  const related = children(entry, 'link').find((l) => l.attrs.rel === 'related')?.attrs.href ?? '';
  const m = /\/comments\/default\/(\d+)$/.exec(related);
  const prefix = id.replace(/\.post-\d+$/, '');
  return m ? `${prefix}.post-${m[1]}` : null;
}

function mapComment(entry: XNode): BloggerItem {
  const id = textOf(entry, 'id');
  if (isTrashed(entry)) return { type: 'skip', reason: 'comment in the trash' };
  const postRef = textOf(entry, 'blogger:parent') || (child(entry, 'thr:in-reply-to')?.attrs.ref ?? '');
  if (!postRef) return { type: 'skip', reason: 'comment without the post it belongs to' };
  const status = textOf(entry, 'blogger:status').toUpperCase();
  const author = child(entry, 'author') ?? entry;
  const email = textOf(author, 'email');
  const created = new Date(textOf(entry, 'published'));
  return {
    type: 'comment',
    comment: {
      sourceId: id,
      postSourceId: postRef,
      parentSourceId: parentRef(entry, id),
      authorName: htmlToText(textOf(author, 'name')).slice(0, NAME_LIMIT) || 'Anonymous',
      authorEmail: email === 'noreply@blogger.com' ? null : safeEmail(email),
      authorUrl: safeAuthorUrl(textOf(author, 'uri')),
      bodyMd: commentToMarkdown(rawTextOf(entry, 'content'), { autop: false, baseUrl: null }),
      status: status.includes('SPAM') ? 'spam' : status.includes('PENDING') ? 'pending' : 'approved',
      createdAt: Number.isNaN(created.getTime()) ? new Date(0) : created,
    },
  };
}

export function mapBloggerEntry(entry: XNode, now: Date): BloggerItem {
  const kind = kindOf(entry);
  if (kind === 'POST' || kind === 'PAGE') return mapPostOrPage(entry, kind, now);
  if (kind === 'COMMENT') return mapComment(entry);
  if (kind === 'SETTINGS') {
    return {
      type: 'setting',
      name: textOf(entry, 'id').replace(/^.*\.settings\./, ''),
      value: textOf(entry, 'content'),
    };
  }
  if (kind === 'TEMPLATE') return { type: 'skip', reason: 'template (the old theme is not imported)' };
  return { type: 'skip', reason: `${kind.toLowerCase() || 'unknown'} entry` };
}
