// Where a form may send someone afterwards. A `next` comes from the query
// string or a hidden field, so anyone can write it into a link; it is followed
// only when it stays on this site.

// C0 and C1 controls (tab, CR, LF … which URL parsers drop, turning "/\t/x" into
// "//x"), and backslashes (which browsers read as "/").
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const STRIPPED = /[\u0000-\u001f\u007f-\u009f\\]/g;

/**
 * A same-site target as a path (with query and fragment), or `fallback`.
 * `next` is cleaned first, then resolved against the site's URL the way a
 * browser would resolve a Location header; only a result with the site's own
 * origin is kept, written back as an absolute path with exactly one leading
 * slash, so no reading of it can leave the site.
 */
export function sameSiteTarget(next: string | null | undefined, siteUrl: string, fallback = '/'): string {
  if (typeof next !== 'string' || next === '') return fallback;
  const cleaned = next.replace(STRIPPED, '');
  if (cleaned.trim() === '') return fallback;
  let site: URL;
  let target: URL;
  try {
    site = new URL(siteUrl);
    target = new URL(cleaned, site);
  } catch {
    return fallback;
  }
  if (target.origin !== site.origin) return fallback;
  // "/.//evil" resolves to the path "//evil": keep it a path, not a host.
  const path = target.pathname.replace(/^\/+/, '/');
  return `${path}${target.search}${target.hash}`;
}
