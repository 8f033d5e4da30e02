// Old links keep working: every imported post, page and tag remembers the URLs
// it had (stored normalised in legacy_paths), and a request for one of them is
// looked up, never guessed, to answer 301 with where the thing lives now.
import type { Db } from '../db.ts';
import { findLegacyTargets, upsertLegacyPaths } from './legacy-repo.ts';

function decodeSafely(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * A path as we store and look it up: percent-decoded, NFC, lower case, no
 * trailing slash or index.php, "/" for the root. "/2024/05/03/Gr%C3%BC%C3%9Fe/" → "/2024/05/03/grüße".
 */
export function normalizePath(path: string): string {
  const decoded = decodeSafely(path.split(/[?#]/)[0] ?? '')
    .normalize('NFC')
    .toLowerCase();
  const clean = decoded
    .replace(/\/{2,}/g, '/')
    .replace(/\/index\.php$/, '')
    .replace(/\/+$/, '');
  return clean.startsWith('/') ? clean : `/${clean}`;
}

/** The key of a query-style link: "/?p=37" → "/?p=37", "/blog/index.php?page_id=2" → "/blog?page_id=2". */
export function queryKey(path: string, param: 'p' | 'page_id' | 'attachment_id', id: string): string {
  const base = normalizePath(path);
  return `${base === '/' ? '' : base}/?${param}=${id}`;
}

/** Normalised path of an absolute or relative URL; query-style WordPress links keep their id. */
export function legacyPathOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://old.invalid/');
  } catch {
    return null;
  }
  for (const param of ['p', 'page_id'] as const) {
    const id = parsed.searchParams.get(param);
    if (id && /^\d+$/.test(id)) return queryKey(parsed.pathname, param, id);
  }
  return normalizePath(parsed.pathname);
}

/** Every key a request could match, most specific first. */
export function legacyKeysFor(pathname: string, search: string): string[] {
  const keys: string[] = [];
  const params = new URLSearchParams(search);
  for (const param of ['p', 'page_id', 'attachment_id'] as const) {
    const id = params.get(param);
    if (id && /^\d+$/.test(id)) keys.push(queryKey(pathname, param, id));
  }
  const path = normalizePath(pathname);
  keys.push(path);
  // WordPress's comment pages, feeds and listing pages of an old URL.
  const trimmed = path
    .replace(/\/comment-page-\d+$/, '')
    .replace(/\/(feed|amp|trackback)$/, '')
    .replace(/\/page\/\d+$/, '')
    // An attachment page under its post ("/2024/05/03/post/attachment/photo/"): the post.
    .replace(/\/attachment\/[^/]+$/, '');
  if (trimmed !== path && trimmed !== '') keys.push(trimmed);
  return keys;
}

/**
 * Where an old URL lives now, or null. A post counts only once readers can see
 * it, a page once published, so a redirect never reveals a draft.
 */
export async function findLegacyRedirect(db: Db, pathname: string, search: string, now: Date): Promise<string | null> {
  const keys = legacyKeysFor(pathname, search);
  if (keys.length === 1 && keys[0] === '/') return null;
  const rows = await findLegacyTargets(db, keys, now);
  for (const key of keys) {
    const row = rows.find((r) => r.path === key);
    if (!row) continue;
    if (row.post_slug) return `/posts/${row.post_slug}`;
    if (row.page_slug) return `/${row.page_slug}`;
    if (row.tag_slug) return `/tags/${row.tag_slug}`;
  }
  return null;
}

export type LegacyTarget = { post_id: number } | { page_id: number } | { tag_id: number };

/** Points old paths at posts, pages or tags; for a path given twice the last wins, as does a later import. */
export async function rememberLegacyPaths(db: Db, rows: { path: string; target: LegacyTarget }[]): Promise<void> {
  const byPath = new Map<string, LegacyTarget>();
  for (const row of rows) if (row.path.length > 0 && row.path.length <= 2000) byPath.set(row.path, row.target);
  if (byPath.size === 0) return;
  const values = [...byPath].map(([path, target]) => ({ path, post_id: null, page_id: null, tag_id: null, ...target }));
  await upsertLegacyPaths(db, values);
}
