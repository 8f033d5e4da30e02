// How big an upload may be. Pure constants, shared by the settings form, the
// image pipeline and the HTTP edge (which refuses larger bodies unread).

const MB = 1024 * 1024;

/** The default of the "largest upload" setting. */
export const DEFAULT_MAX_UPLOAD_BYTES = 10 * MB;

/** The setting cannot go above this, so the HTTP body limit can be fixed at start-up. */
export const MAX_UPLOAD_BYTES_CEILING = 32 * MB;

/**
 * Body limit for a route that takes an upload: the largest file the setting
 * allows, plus the rest of the form (the post editor sends the whole post, up
 * to ~600 KB form-encoded) and multipart framing.
 */
export const MAX_UPLOAD_REQUEST_BYTES = MAX_UPLOAD_BYTES_CEILING + 2 * MB;

/**
 * Decoded pixels we accept (width × height): a 50-megapixel camera photo
 * (8160 × 6120) fits; a 50,000 × 50,000 "bomb" is refused from its header,
 * before any pixel is decoded.
 */
export const MAX_INPUT_PIXELS = 60_000_000;

/**
 * Decoded pixels we accept in an avatar, which is cropped to 256 px at most: a
 * 12-megapixel phone photo (4032 × 3024) fits. Any member may upload one, and
 * a PNG cannot be shrunk while decoding, so a 170 KB PNG of 59 megapixels
 * (under the post limit) is refused from its header instead of decoded.
 */
export const AVATAR_MAX_INPUT_PIXELS = 4096 * 4096;

/** Widths of the resized variants; an image is never enlarged. */
export const VARIANT_WIDTHS = [480, 960, 1600] as const;

/** Sides of the square avatar variants (2× of the 32, 64 and 128 px shown). */
export const AVATAR_SIZES = [64, 128, 256] as const;

/** "12.4 MB", "800 KB": for messages and the media library. */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
