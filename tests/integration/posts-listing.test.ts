// How readers find posts: home pages, tags, months in the site's zone,
// previous/next, the feed and the sitemap. Scheduling needs only `now`.
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listArchiveMonths } from '../../src/lib/posts/archive.ts';
import { buildSitemapXml, listFeedItems, listSitemapEntries } from '../../src/lib/posts/feed.ts';
import { findAdjacentPosts, listPublishedPosts } from '../../src/lib/posts/view.ts';
import { type Post } from '../../src/lib/posts/model.ts';
import { findTag, listTags } from '../../src/lib/posts/tags.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makePost } from '../helpers/fixtures.ts';

// New York is UTC-5 in winter and UTC-4 in summer: month edges differ from UTC's.
const TZ = 'America/New_York';
const NOW = new Date('2026-06-15T12:00:00Z');
const SITE = 'https://blog.example.org';

describe.each(dbTargets)('finding posts on %s', (target) => {
  let t: TestDatabase;
  const posts: Record<string, Post> = {};
  const slugs = (items: { slug: string }[]) => items.map((p) => p.slug);

  beforeAll(async () => {
    t = await openTestDb(target);
    const make = async (slug: string, at: string | null, tags: string[], status: Post['status'] = 'published') => {
      posts[slug] = await makePost(t.db, {
        title: slug,
        slug,
        tags,
        status,
        publishedAt: at ? new Date(at) : null,
      });
    };
    // 22:30 on 31 January in New York, already February in UTC.
    await make('late-january', '2026-02-01T03:30:00Z', ['networking']);
    // 00:30 on 1 March in New York (05:30 UTC).
    await make('early-march', '2026-03-01T05:30:00Z', ['networking', 'giving']);
    // 23:59 on 31 March in New York, after the DST change (UTC-4).
    await make('end-of-march', '2026-04-01T03:59:00Z', ['giving']);
    await make('april', '2026-04-10T12:00:00Z', ['networking']);
    await make('a-draft', null, ['networking', 'secret'], 'draft');
    await make('scheduled', '2026-07-01T12:00:00Z', ['networking', 'future'], 'scheduled');
  });
  afterAll(() => t?.drop());

  it('lists visible posts newest first, ten to a page', async () => {
    const page = await listPublishedPosts(t.db, { now: NOW });
    expect(slugs(page.items)).toEqual(['april', 'end-of-march', 'early-march', 'late-january']);
    const small = await listPublishedPosts(t.db, { now: NOW, perPage: 3, page: 2 });
    expect(small).toMatchObject({ page: 2, hasNewer: true, hasOlder: false });
    expect(slugs(small.items)).toEqual(['late-january']);
  });

  it('lists a tag without drafts or posts not yet due, and knows only tags readers can see', async () => {
    expect(slugs((await listPublishedPosts(t.db, { now: NOW, tagSlug: 'networking' })).items)).toEqual([
      'april',
      'early-march',
      'late-january',
    ]);
    expect(await findTag(t.db, 'networking', NOW)).toEqual({ slug: 'networking', name: 'networking' });
    expect(await findTag(t.db, 'secret', NOW)).toBeNull(); // only on a draft
    expect(await findTag(t.db, 'future', NOW)).toBeNull(); // only on a post not yet due
    expect(await findTag(t.db, 'no-such-tag', NOW)).toBeNull();
    expect(await listTags(t.db, NOW)).toEqual([
      { slug: 'networking', name: 'networking', count: 3 },
      { slug: 'giving', name: 'giving', count: 2 },
    ]);
  });

  it('puts posts in the month of the site time zone, not of UTC', async () => {
    const month = (m: number) =>
      listPublishedPosts(t.db, { now: NOW, month: { year: 2026, month: m, timeZone: TZ } }).then((p) => slugs(p.items));
    expect(await month(1)).toEqual(['late-january']);
    expect(await month(2)).toEqual([]);
    expect(await month(3)).toEqual(['end-of-march', 'early-march']);
    expect(await month(4)).toEqual(['april']);
    const months = await listArchiveMonths(t.db, { now: NOW, timeZone: TZ });
    expect(months.map(({ year, month, count }) => ({ year, month, count }))).toEqual([
      { year: 2026, month: 4, count: 1 },
      { year: 2026, month: 3, count: 2 },
      { year: 2026, month: 1, count: 1 },
    ]);
    // The same posts counted in UTC fall differently: the zone is really used.
    const utc = await listArchiveMonths(t.db, { now: NOW, timeZone: 'UTC' });
    expect(utc.map((m) => m.month)).toEqual([4, 3, 2]);
  });

  it('links each post to its visible neighbours', async () => {
    expect(await findAdjacentPosts(t.db, posts['early-march']!, NOW)).toEqual({
      older: { slug: 'late-january', title: 'late-january' },
      newer: { slug: 'end-of-march', title: 'end-of-march' },
    });
    // The newest visible post has no newer one: the scheduled post is not due yet…
    expect((await findAdjacentPosts(t.db, posts['april']!, NOW)).newer).toBeNull();
    // …until it is.
    const later = new Date('2026-07-02T00:00:00Z');
    expect((await findAdjacentPosts(t.db, posts['april']!, later)).newer?.slug).toBe('scheduled');
    expect((await findAdjacentPosts(t.db, posts['late-january']!, NOW)).older).toBeNull();
  });

  it('feeds the newest visible posts with absolute links and full HTML', async () => {
    const items = await listFeedItems(t.db, { now: NOW, siteUrl: SITE });
    expect(items.map((i) => i.link)).toEqual([
      `${SITE}/posts/april`,
      `${SITE}/posts/end-of-march`,
      `${SITE}/posts/early-march`,
      `${SITE}/posts/late-january`,
    ]);
    expect(items[0]!.content).toContain('<strong>body</strong>');
    expect(items[1]!.categories).toEqual(['giving']);
  });

  it('lists every public page in the sitemap', async () => {
    const entries = await listSitemapEntries(t.db, { now: NOW, timeZone: TZ });
    const xml = buildSitemapXml(entries, SITE);
    const parsed = new XMLParser().parse(xml) as { urlset: { url: { loc: string }[] } };
    const locs = parsed.urlset.url.map((u) => u.loc);
    expect(locs).toEqual(
      expect.arrayContaining([
        `${SITE}/`,
        `${SITE}/posts/april`,
        `${SITE}/posts/late-january`,
        `${SITE}/tags/networking`,
        `${SITE}/archive/2026/01`,
        `${SITE}/archive/2026/03`,
      ]),
    );
    expect(locs.some((l) => /a-draft|scheduled|secret|future|2026\/02/.test(l))).toBe(false);
  });
});
