// Defect 3 of issue 11 (open redirect): a `next` is followed only when it stays
// on the site, whatever shape it is written in.
import { describe, expect, it } from 'vitest';
import { sameSiteTarget } from '../../src/server/http/safe-next.ts';

const SITE = 'https://wishcast.example';

/** Where a browser goes when told `Location: <location>` by a page of the site. */
function browserDestination(location: string): URL {
  // The WHATWG URL parser is the one browsers use for Location.
  return new URL(location, `${SITE}/login`);
}

// Each of these, taken as is, leads a browser off the site (or runs script).
const HOSTILE = [
  '//evil.example',
  '///evil.example',
  '////evil.example/x',
  'https://evil.example',
  'http://evil.example/posts',
  'HTTPS://evil.example',
  'https:evil.example',
  '\\\\evil.example',
  '/\\evil.example',
  '\\/evil.example',
  '/\\/evil.example',
  '/.\\\\evil.example',
  '\t//evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '\u0000//evil.example',
  '/\u0009/evil.example',
  '  //evil.example',
  '//evil.example@wishcast.example',
  'https://wishcast.example@evil.example/',
  'https://wishcast.example.evil.example/',
  'http://wishcast.example/', // same host, other scheme: another origin
  'https://wishcast.example:8443/',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '//%65vil.example',
  '/\u0085/evil.example',
];

// Percent-encoded shapes stay encoded in a path (never decoded into a host).
const ENCODED = [
  '/%09/evil.example',
  '/%2F/evil.example',
  '/%2f%2fevil.example',
  '/%5C/evil.example',
  '%0d%0aSet-Cookie:x=1',
  '/%0d%0aLocation:https://evil.example',
];

// Slashes from elsewhere in Unicode are not slashes to a URL parser.
const UNICODE = [
  '/\uff0f/evil.example',
  '/\u2215evil.example',
  '/\u2044evil.example',
  '/\u29f8evil.example',
  '\u3002evil.example',
];

describe('sameSiteTarget', () => {
  it.each(HOSTILE)('never sends a browser off the site for %j', (next) => {
    const target = sameSiteTarget(next, SITE);
    expect(browserDestination(target).origin).toBe(SITE);
    expect(target).toMatch(/^\/(?![/\\])/);
    // eslint-disable-next-line no-control-regex -- no control character may survive
    expect(target).not.toMatch(/[\u0000-\u001f\u007f-\u009f\\]/);
  });

  it.each([...ENCODED, ...UNICODE])('keeps %j a path on the site, still encoded', (next) => {
    const target = sameSiteTarget(next, SITE);
    expect(browserDestination(target).origin).toBe(SITE);
    expect(target).toMatch(/^\/(?![/\\])/);
    // The Location header carries only visible ASCII: nothing a client could decode into a header break.
    expect(target).toMatch(/^[\x21-\x7e]+$/);
  });

  it('drops control characters and backslashes before deciding (the reported /\\t/evil)', () => {
    // Astro decodes ?next=/%09/evil.example into "/\t/evil.example"; browsers drop the tab and read "//evil.example".
    expect(sameSiteTarget('/\t/evil.example', SITE)).toBe('/');
    expect(sameSiteTarget('/\\evil.example', SITE)).toBe('/evil.example');
    expect(sameSiteTarget('/.//evil.example', SITE)).toBe('/evil.example');
  });

  it('keeps same-site paths with their query and fragment', () => {
    expect(sameSiteTarget('/posts/hello?page=2#comment-4', SITE)).toBe('/posts/hello?page=2#comment-4');
    expect(sameSiteTarget('/admin/comments', SITE)).toBe('/admin/comments');
    expect(sameSiteTarget(`${SITE}/wishes`, SITE)).toBe('/wishes');
  });

  it('falls back when there is nothing to follow', () => {
    expect(sameSiteTarget(null, SITE)).toBe('/');
    expect(sameSiteTarget('', SITE, '/admin/comments')).toBe('/admin/comments');
    expect(sameSiteTarget('\t\r\n', SITE)).toBe('/');
    expect(sameSiteTarget('https://evil.example', SITE, '/admin')).toBe('/admin');
  });
});
