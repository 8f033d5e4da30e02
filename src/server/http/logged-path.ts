// What the request log records of a URL: its path, never its query (where
// reset, verification and unsubscribe tokens travel), with every token-bearing
// segment replaced. A manage link's token is its path (/wishes/manage/<token>),
// and any segment shaped like one of our tokens is hidden too, so a new route
// carrying a token in its path is covered without being listed here.
const REDACTED = '[token]';
const MANAGE_SEGMENT = /(\/manage\/)[^/]+/gi;
/** 32 random bytes in base64url are 43 characters; slugs are lower case. */
const TOKEN_SHAPED = /^(?=.*[A-Z])[A-Za-z0-9_-]{24,}$/;

export function loggedPath(url: string): string {
  const path = url.split(/[?#]/, 1)[0]!;
  return path
    .replace(MANAGE_SEGMENT, `$1${REDACTED}`)
    .split('/')
    .map((segment) => (TOKEN_SHAPED.test(segment) ? REDACTED : segment))
    .join('/');
}
