import { MAX_IMPORT_UPLOAD_BYTES } from '../../lib/import/limits.ts';

// Request bodies above these limits are refused with 413 from their
// Content-Length, before any of them is read.
import { MAX_UPLOAD_REQUEST_BYTES } from '../../lib/media/limits.ts';

/** Every form but the post editor: a 10,000-character comment encodes well below this. */
export const MAX_REQUEST_BYTES = 64 * 1024;
/** The post editor: a 100,000-character post of accented text is ~600 KB form-encoded. */
export const MAX_EDITOR_REQUEST_BYTES = 1024 * 1024;

/** An uploaded WordPress or Blogger export (src/lib/import/limits.ts), with room for the form around it. */
const MAX_IMPORT_REQUEST_BYTES = MAX_IMPORT_UPLOAD_BYTES + 64 * 1024;

/**
 * Pages whose forms carry an image: the media library, and the editor (its
 * "Upload and insert" sends the whole post with the file). Their limit is the
 * largest upload the settings may allow, plus the rest of the form; the
 * setting itself is enforced once the author is known.
 */
const UPLOAD_PAGES = /^\/admin\/(?:media|posts\/(?:new|\d+\/edit))\/?$/;

/**
 * The account page takes an avatar upload from any member: at most
 * MAX_AVATAR_BYTES (under 1 MB, src/lib/people/picture.ts) plus multipart
 * framing, which stays within the editor's limit, so no author check applies.
 */
const MAX_ACCOUNT_REQUEST_BYTES = MAX_EDITOR_REQUEST_BYTES;

/** Fediverse inbox deliveries (server/federation.ts): JSON activities, never forms. */
export const MAX_INBOX_REQUEST_BYTES = 256 * 1024;
const ACTIVITYPUB_PATHS = /^\/ap\//;

export function bodyLimitFor(pathname: string): number {
  if (ACTIVITYPUB_PATHS.test(pathname)) return MAX_INBOX_REQUEST_BYTES;
  if (pathname === '/account') return MAX_ACCOUNT_REQUEST_BYTES;
  if (pathname === '/admin/import') return MAX_IMPORT_REQUEST_BYTES;
  if (UPLOAD_PAGES.test(pathname)) return MAX_UPLOAD_REQUEST_BYTES;
  return pathname.startsWith('/admin/posts/') || pathname.startsWith('/admin/pages/')
    ? MAX_EDITOR_REQUEST_BYTES
    : MAX_REQUEST_BYTES;
}
