// A Disqus export (<disqus> with <category>, <thread> and <post> records) in
// our terms. Threads say which page they were on, by its address and by the
// identifier the site gave Disqus (WordPress's plugin: "123 http://…/?p=123");
// posts are the comments, threaded by <parent>.
import { htmlToText } from '../../markdown/markdown.ts';
import { commentToMarkdown } from '../html.ts';
import { legacyKeysFor, legacyPathOf, queryKey } from '../legacy.ts';
import { NAME_LIMIT, safeEmail, type ImportedComment } from '../model.ts';
import { child, rawTextOf, textOf, type XNode } from '../xml.ts';

export interface DisqusThread {
  id: string;
  forum: string;
  title: string;
  link: string;
  identifier: string;
}

export interface DisqusPost {
  id: string;
  threadId: string;
  parentId: string | null;
  /** Why it is left out, or null to keep it. */
  leftOut: 'spam' | 'deleted' | null;
  comment: ImportedComment;
}

const isTrue = (node: XNode, name: string) => textOf(node, name).toLowerCase() === 'true';

/** The id Disqus gives a record, in its internals namespace. */
function disqusId(node: XNode | undefined): string {
  return node?.attrs['dsq:id']?.trim() ?? '';
}

export function mapThread(node: XNode): DisqusThread {
  return {
    id: disqusId(node),
    forum: textOf(node, 'forum'),
    title: htmlToText(textOf(node, 'title')).slice(0, 200),
    link: textOf(node, 'link'),
    identifier: textOf(node, 'id'),
  };
}

export function mapPost(node: XNode): DisqusPost {
  const author = child(node, 'author');
  const name = author ? textOf(author, 'name') || textOf(author, 'username') : '';
  const parentId = disqusId(child(node, 'parent')) || null;
  const leftOut = isTrue(node, 'isSpam') ? 'spam' : isTrue(node, 'isDeleted') ? 'deleted' : null;
  const createdAt = new Date(textOf(node, 'createdAt'));
  const id = disqusId(node);
  const threadId = disqusId(child(node, 'thread'));
  return {
    id,
    threadId,
    parentId,
    leftOut,
    comment: {
      sourceId: id,
      postSourceId: threadId,
      parentSourceId: parentId,
      authorName: htmlToText(name).slice(0, NAME_LIMIT) || 'Anonymous',
      authorEmail: author ? safeEmail(textOf(author, 'email')) : null,
      authorUrl: null,
      // Disqus keeps messages as HTML (<p>, <a>, <b>…).
      bodyMd: commentToMarkdown(rawTextOf(node, 'message'), { autop: false, baseUrl: null }),
      status: 'approved',
      createdAt: Number.isNaN(createdAt.getTime()) ? new Date(0) : createdAt,
    },
  };
}

/**
 * Every key under which the site may know the thread's page, most telling
 * first: the old addresses (legacy_paths keys) of its link and identifier, and
 * the slug when the link is already one of this site's post addresses.
 */
export function addressesOf(thread: DisqusThread): { keys: string[]; slugs: string[] } {
  const keys: string[] = [];
  const slugs: string[] = [];
  const addUrl = (raw: string) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    const here = /^\/posts\/([^/]+)\/?$/.exec(url.pathname);
    if (here) slugs.push(decodeURIComponent(here[1]!).toLowerCase());
    const path = legacyPathOf(url.href);
    if (path && path !== '/') keys.push(path);
    for (const key of legacyKeysFor(url.pathname, url.search)) if (key !== '/') keys.push(key);
  };
  addUrl(thread.link);
  // WordPress's Disqus plugin: "<post id> <its ?p= address>".
  const wp = /^(\d+)\s+(\S+)$/.exec(thread.identifier);
  if (wp) {
    addUrl(wp[2]!);
    keys.push(queryKey('/', 'p', wp[1]!));
  } else if (/^https?:\/\//i.test(thread.identifier)) {
    addUrl(thread.identifier);
  }
  return { keys: [...new Set(keys)], slugs: [...new Set(slugs)] };
}

/**
 * Comments to keep: spam never; a deleted comment only when kept replies hang
 * on it, as an empty "deleted" placeholder holding the thread together.
 * Replies to a left-out comment move up to the nearest kept one.
 */
export function keptComments(posts: DisqusPost[]): { comments: ImportedComment[]; leftOut: DisqusPost[] } {
  const byId = new Map(posts.map((p) => [p.id, p]));
  const ancestors = function* (p: DisqusPost) {
    const seen = new Set<string>();
    for (let a = p.parentId ? byId.get(p.parentId) : undefined; a && !seen.has(a.id);) {
      seen.add(a.id);
      yield a;
      a = a.parentId ? byId.get(a.parentId) : undefined;
    }
  };
  const holders = new Set<string>();
  for (const p of posts) {
    if (p.leftOut) continue;
    for (const a of ancestors(p)) if (a.leftOut === 'deleted') holders.add(a.id);
  }
  const kept = (p: DisqusPost) => p.leftOut === null || holders.has(p.id);
  const comments: ImportedComment[] = [];
  const leftOut: DisqusPost[] = [];
  for (const p of posts) {
    if (!kept(p)) {
      leftOut.push(p);
      continue;
    }
    let parent: string | null = null;
    for (const a of ancestors(p)) {
      if (kept(a)) {
        parent = a.id;
        break;
      }
    }
    const placeholder = p.leftOut === 'deleted';
    comments.push({
      ...p.comment,
      parentSourceId: parent,
      ...(placeholder ? { bodyMd: '', authorEmail: null, authorName: 'Deleted', status: 'deleted' as const } : {}),
    });
  }
  return { comments, leftOut };
}
