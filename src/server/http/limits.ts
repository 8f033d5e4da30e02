// Request bodies above these limits are refused with 413 from their
// Content-Length, before any of them is read.

/** Every form but the post editor: a 10,000-character comment encodes well below this. */
export const MAX_REQUEST_BYTES = 64 * 1024;
/** The post editor: a 100,000-character post of accented text is ~600 KB form-encoded. */
export const MAX_EDITOR_REQUEST_BYTES = 1024 * 1024;

export function bodyLimitFor(pathname: string): number {
  return pathname.startsWith('/admin/posts/') ? MAX_EDITOR_REQUEST_BYTES : MAX_REQUEST_BYTES;
}
