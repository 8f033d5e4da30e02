// ?page=N on listings: page 1 has no parameter, so each page has one URL.

/** The page number from ?page=, or null when the value is not a plain page number (→ 404). */
export function readPageNumber(value: string | null): number | null {
  if (value === null) return 1;
  if (!/^[1-9]\d{0,5}$/.test(value)) return null;
  return Number(value);
}

/** The URL of page n of a listing at `path`. */
export function pageHref(path: string, page: number): string {
  return page <= 1 ? path : `${path}?page=${page}`;
}
