// A WordPress post's comments in our terms: threading by comment_parent,
// approval (1 approved, 0 held, spam kept as spam), trash left out unless
// replies hang on it, pingbacks and trackbacks left out.
import { htmlToText } from '../../markdown/markdown.ts';
import { commentToMarkdown } from '../html.ts';
import { NAME_LIMIT, safeAuthorUrl, safeEmail, type ImportedComment } from '../model.ts';
import { children, textOf, rawTextOf, type XNode } from '../xml.ts';
import { parseGmt, parseLocal } from './dates.ts';
import { MARKDOWN_META } from '../export/wxr.ts';

interface RawComment {
  id: string;
  parent: string | null;
  node: XNode;
  verdict: 'keep' | 'trash' | string;
}

/** The Markdown a Wishcast export carries with each comment. */
function markdownMeta(node: XNode): string | null {
  const entry = children(node, 'wp:commentmeta').find((m) => textOf(m, 'wp:meta_key') === MARKDOWN_META);
  return entry ? rawTextOf(entry, 'wp:meta_value') : null;
}

const STATUS: Record<string, ImportedComment['status']> = { '1': 'approved', '0': 'pending', spam: 'spam' };

function verdictOf(node: XNode): string {
  const type = textOf(node, 'wp:comment_type');
  if (type === 'pingback' || type === 'trackback')
    return `${type} (left out: links from other blogs, not conversation)`;
  const approved = textOf(node, 'wp:comment_approved');
  if (approved === 'trash' || approved === 'post-trashed') return 'trash';
  if (approved in STATUS) return 'keep';
  return `comment with approval state "${approved.slice(0, 20)}"`;
}

interface MappedComments {
  comments: ImportedComment[];
  /** Reasons for the comments left out. */
  skipped: string[];
}

export function mapWordPressComments(
  item: XNode,
  postSourceId: string,
  options: { timeZone: string; baseUrl: string | null },
): MappedComments {
  const raws: RawComment[] = children(item, 'wp:comment').map((node) => {
    const parent = textOf(node, 'wp:comment_parent');
    return {
      id: textOf(node, 'wp:comment_id'),
      parent: parent && parent !== '0' ? parent : null,
      node,
      verdict: verdictOf(node),
    };
  });
  const byId = new Map(raws.map((r) => [r.id, r]));
  // Trashed comments that kept comments reply to (at any depth) stay as "deleted", holding the thread together.
  const holders = new Set<string>();
  for (const raw of raws) {
    if (raw.verdict !== 'keep') continue;
    for (let p = raw.parent ? byId.get(raw.parent) : undefined; p; p = p.parent ? byId.get(p.parent) : undefined) {
      if (p.verdict === 'trash') holders.add(p.id);
    }
  }
  const kept = (r: RawComment) => r.verdict === 'keep' || holders.has(r.id);
  /** The nearest ancestor that is imported too; replies to left-out comments move up. */
  const parentOf = (raw: RawComment): string | null => {
    for (let p = raw.parent ? byId.get(raw.parent) : undefined; p; p = p.parent ? byId.get(p.parent) : undefined) {
      if (kept(p)) return p.id;
    }
    return null;
  };

  const comments: ImportedComment[] = [];
  const skipped: string[] = [];
  for (const raw of raws) {
    if (!kept(raw)) {
      skipped.push(raw.verdict === 'trash' ? 'comment in the trash' : raw.verdict);
      continue;
    }
    const node = raw.node;
    const deleted = raw.verdict === 'trash';
    const createdAt =
      parseGmt(textOf(node, 'wp:comment_date_gmt')) ?? parseLocal(textOf(node, 'wp:comment_date'), options.timeZone);
    comments.push({
      sourceId: raw.id,
      postSourceId,
      parentSourceId: parentOf(raw),
      authorName: htmlToText(textOf(node, 'wp:comment_author')).slice(0, NAME_LIMIT) || 'Anonymous',
      authorEmail: safeEmail(textOf(node, 'wp:comment_author_email')),
      authorUrl: deleted ? null : safeAuthorUrl(textOf(node, 'wp:comment_author_url')),
      bodyMd: deleted
        ? ''
        : (markdownMeta(node) ?? commentToMarkdown(rawTextOf(node, 'wp:comment_content'), { autop: true, ...options })),
      status: deleted ? 'deleted' : STATUS[textOf(node, 'wp:comment_approved')]!,
      createdAt: createdAt ?? new Date(0),
    });
  }
  return { comments, skipped };
}
