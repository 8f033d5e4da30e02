import { describe, expect, it } from 'vitest';
import { archiveAddressFor, feedAddressFor, isOldAddress, isQueryLink } from '../../src/lib/import/old-addresses.ts';
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

  it('maps Blogger and WordPress archive, label, tag, category and author addresses to their counterparts', () => {
    const cases: [string, string, string | null][] = [
      ['/2007/03/', '', '/archive/2007/03'],
      ['/2007/03', '', '/archive/2007/03'],
      ['/2007/03/15/', '', '/archive/2007/03'],
      ['/2007/03/page/2/', '', '/archive/2007/03'],
      ['/2007_03_01_archive.html', '', '/archive/2007/03'],
      ['/2007/', '', '/archive'],
      ['/', '?m=200703', '/archive/2007/03'],
      ['/', '?m=2007', '/archive'],
      ['/search/label/Night%20Trains', '', '/tags/night-trains'],
      ['/search/label/Caf%C3%A9', '?max-results=20', '/tags/cafe'],
      ['/feeds/posts/default/-/Travel', '', '/tags/travel/atom.xml'],
      ['/feeds/posts/default/-/Travel', '?alt=rss', '/tags/travel/rss.xml'],
      ['/tag/night-trains/', '', '/tags/night-trains'],
      ['/tag/night-trains/page/3/', '', '/tags/night-trains'],
      ['/tag/night-trains/feed/', '', '/tags/night-trains/rss.xml'],
      ['/category/travel/night-trains/', '', '/tags/night-trains'],
      ['/category/travel/feed/atom/', '', '/tags/travel/atom.xml'],
      ['/', '?tag=networking', '/tags/networking'],
      ['/author/krista/', '', '/people/krista'],
      ['/author/krista/page/2/', '', '/people/krista'],
      // Not archives: posts, this site's own addresses, impossible dates.
      ['/2007/03/a-post/', '', null],
      ['/2007/13/', '', null],
      ['/archive/2007/03', '', null],
      ['/tags/x', '', null],
      ['/search', '?q=x', null],
      ['/1066/', '', null],
      ['/', '?page=2', null],
    ];
    for (const [path, search, expected] of cases) expect(archiveAddressFor(path, search), path + search).toBe(expected);
  });

  it('keeps every old address out of the page cache, and nothing else', () => {
    for (const [path, search] of [
      ['/2007/03/', ''],
      ['/2007_03_01_archive.html', ''],
      ['/search/label/x', ''],
      ['/tag/x/', ''],
      ['/category/a/b/', ''],
      ['/author/x/', ''],
      ['/', '?m=200703'],
      ['/', '?attachment_id=12'],
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
    expect(isAnonymousRead('GET', '/archive/2007/03', '', NOBODY)).toBe(true);
    expect(isAnonymousRead('GET', '/tags/x', '', NOBODY)).toBe(true);
  });
});
