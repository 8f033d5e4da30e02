// WebFinger, NodeInfo and the ActivityPub addresses are Fedify's: the page
// cache never answers or keeps them (its key drops `?resource=…`), and an
// inbox delivery may be larger than a form, within its own limit.
import { describe, expect, it } from 'vitest';
import { isAnonymousRead, isReaderRead, isSharedPageRead } from '../../src/server/route-rules.ts';
import { isFederationPath } from '../../src/server/federation.ts';
import { bodyLimitFor, MAX_INBOX_REQUEST_BYTES, MAX_REQUEST_BYTES } from '../../src/server/http/limits.ts';

const NOBODY = { sessionId: null, visitorToken: null, personal: false } as const;
const READER = { sessionId: 'abc', visitorToken: null, personal: true } as const;

const FEDERATION: [string, string][] = [
  ['/.well-known/webfinger', '?resource=acct:blog@example.org'],
  ['/.well-known/nodeinfo', ''],
  ['/nodeinfo/2.1', ''],
  ['/ap/actors/blog', ''],
  ['/ap/actors/blog/outbox', '?cursor=20'],
  ['/ap/actors/blog/followers', ''],
  ['/ap/articles/12', ''],
];

describe('fediverse addresses', () => {
  it.each(FEDERATION)('%s%s is never answered or kept by the page cache', (path, search) => {
    expect(isFederationPath(path)).toBe(true);
    expect(isAnonymousRead('GET', path, search, NOBODY)).toBe(false);
    expect(isReaderRead('GET', path, search, READER)).toBe(false);
    expect(isSharedPageRead('GET', path, search)).toBe(false);
  });

  it('leaves the site’s own pages alone', () => {
    for (const path of ['/', '/apple', '/posts/ap', '/.well-known/security.txt', '/nodeinfo']) {
      expect(isFederationPath(path), path).toBe(false);
    }
    expect(isAnonymousRead('GET', '/posts/ap', '', NOBODY)).toBe(true);
  });

  it('takes inbox deliveries up to 256 KB, forms elsewhere up to 64 KB', () => {
    expect(MAX_INBOX_REQUEST_BYTES).toBe(256 * 1024);
    expect(bodyLimitFor('/ap/inbox')).toBe(MAX_INBOX_REQUEST_BYTES);
    expect(bodyLimitFor('/ap/actors/blog/inbox')).toBe(MAX_INBOX_REQUEST_BYTES);
    expect(bodyLimitFor('/comments')).toBe(MAX_REQUEST_BYTES);
  });
});
