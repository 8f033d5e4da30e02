import { describe, expect, it } from 'vitest';
import { feedAddressFor, isOldAddress, isQueryLink } from '../../src/lib/import/old-addresses.ts';
import { isAnonymousRead, isSharedPageRead } from '../../src/server/route-rules.ts';

const NOBODY = { sessionId: null, visitorToken: null, personal: false } as const;

describe('old addresses', () => {
  it('maps WordPress and Blogger feed addresses to the feed here', () => {
    expect(feedAddressFor('/feed/', '')).toBe('/rss.xml');
    expect(feedAddressFor('/feed//', '')).toBe('/rss.xml');
    expect(feedAddressFor('/%66eed/', '')).toBe('/rss.xml');
    expect(feedAddressFor('/', '?feed=RSS2')).toBe('/rss.xml');
    expect(feedAddressFor('/index.php', '?feed=comments-rss2')).toBe('/comments.xml');
    expect(feedAddressFor('/feeds/posts/default', '?alt=rss')).toBe('/rss.xml');
    expect(feedAddressFor('/feeds/posts/default', '')).toBe('/atom.xml');
    expect(feedAddressFor('/feeds/posts/default', '?max-results=5')).toBe('/atom.xml');
    expect(feedAddressFor('/atom.xml', '')).toBeNull(); // a feed of its own here
    expect(feedAddressFor('/comments/feed/', '')).toBe('/comments.xml');
    expect(feedAddressFor('/posts/feed', '')).toBeNull();
    expect(feedAddressFor('/', '?feed=nonsense')).toBeNull();
    expect(feedAddressFor('/tags/x', '?feed=rss2')).toBeNull();
    expect(feedAddressFor('/%E0%A4%A', '')).toBeNull();
  });

  it('recognises a post or page id in the query however it is written', () => {
    for (const search of ['?p=1', '?x=1&p=12', '?p=%31%32', '?page_id=2&utm=x'])
      expect(isQueryLink(search), search).toBe(true);
    for (const search of ['', '?', '?page=2', '?p=', '?p=abc', '?pp=1', '?replyto=3']) {
      expect(isQueryLink(search), search).toBe(false);
    }
  });

  it('keeps every old address out of the page cache, and nothing else', () => {
    for (const [path, search] of [
      ['/', '?p=35'],
      ['/', '?feed=rss2'],
      ['/feed/', ''],
      ['/feeds/posts/default', '?alt=rss'],
    ] as const) {
      expect(isOldAddress(path, search)).toBe(true);
      expect(isAnonymousRead('GET', path, search, NOBODY), path + search).toBe(false);
      expect(isSharedPageRead('GET', path, search), path + search).toBe(false);
    }
    expect(isAnonymousRead('GET', '/', '?page=2', NOBODY)).toBe(true);
    expect(isAnonymousRead('GET', '/rss.xml', '', NOBODY)).toBe(true);
  });
});
