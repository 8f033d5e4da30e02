// Old URLs, normalised the same way when stored and when requested.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { legacyKeysFor, legacyPathOf, normalizePath } from '../../src/lib/import/legacy.ts';
import { isReservedSlug, RESERVED_SLUGS, routeNameOf } from '../../src/lib/pages/reserved.ts';
import { formatSummary, newSummary } from '../../src/lib/import/summary.ts';
import { progressBar, progressLine } from '../../src/lib/import/progress.ts';

describe('old URLs', () => {
  it('match whatever encoding, case and trailing slash the request uses', () => {
    expect(normalizePath('/2024/05/03/Gr%C3%BC%C3%9Fe-aus-K%C3%B6ln/')).toBe('/2024/05/03/grüße-aus-köln');
    expect(legacyPathOf('http://old.example/2024/05/03/gr%c3%bc%c3%9fe-aus-k%c3%b6ln/')).toBe(
      '/2024/05/03/grüße-aus-köln',
    );
    expect(normalizePath('/search/label/Sunday%20Soup')).toBe('/search/label/sunday soup');
    expect(normalizePath('//blog//index.php')).toBe('/blog');
    expect(normalizePath('/')).toBe('/');
  });

  it('keep WordPress query links by their id', () => {
    expect(legacyPathOf('http://old.example/?p=12')).toBe('/?p=12');
    expect(legacyPathOf('http://old.example/blog/?page_id=7&foo=1')).toBe('/blog/?page_id=7');
    expect(legacyKeysFor('/index.php', '?p=12&replytocom=3')).toEqual(['/?p=12', '/']);
  });

  it('also try the post behind comment pages, feeds and listing pages', () => {
    expect(legacyKeysFor('/2024/05/03/trip/comment-page-2/', '')).toEqual([
      '/2024/05/03/trip/comment-page-2',
      '/2024/05/03/trip',
    ]);
    expect(legacyKeysFor('/category/travel/page/3/', '')).toContain('/category/travel');
    expect(legacyKeysFor('/2024/05/03/trip/feed/', '')).toContain('/2024/05/03/trip');
  });
});

describe('reserved page slugs', () => {
  it('hold every top-level route of src/pages, so no page can shadow one', () => {
    const routes = readdirSync('src/pages')
      .map(routeNameOf)
      .filter((name): name is string => name !== null);
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) expect(RESERVED_SLUGS, route).toContain(route);
  });

  it('refuse the platform’s paths and leave ordinary words free', () => {
    for (const slug of ['admin', 'api', '_astro', '_actions', '_server-islands', 'media', 'search', 'people', '_x']) {
      expect(isReservedSlug(slug), slug).toBe(true);
    }
    for (const slug of ['about', 'privacy', 'contact', 'work-with-me']) expect(isReservedSlug(slug), slug).toBe(false);
  });
});

describe('import summary and progress', () => {
  it('says per kind what came in, and why anything was left out', () => {
    const summary = newSummary('WordPress');
    summary.site = 'old.example';
    summary.counts.post.created = 3;
    summary.counts.comment.unchanged = 7;
    summary.skipped['attachment (images stay linked at their old address)'] = 2;
    summary.remarks['private post imported as a draft'] = 1;
    expect(formatSummary(summary)).toEqual([
      'Imported from WordPress (old.example):',
      '  posts: 3 new, 0 updated, 0 unchanged',
      '  pages: 0 new, 0 updated, 0 unchanged',
      '  comments: 0 new, 0 updated, 7 unchanged',
      '  tags: 0 new, 0 updated, 0 unchanged',
      'Skipped:',
      '  2 × attachment (images stay linked at their old address)',
      'Imported with a change:',
      '  1 × private post imported as a draft',
    ]);
  });

  it('draws a bar on a terminal and a line per tenth elsewhere', () => {
    expect(progressBar({ bytes: 50, total: 200, entries: 1234 }, 10)).toBe(
      '[###.......]  25% 0.0/0.0 MB · 1,234 posts and pages',
    );
    expect(progressLine({ bytes: 50, total: 200, entries: 3 }, 0)).toEqual({
      line: 'Importing: 20% (0.0 of 0.0 MB), 3 posts and pages so far',
      tenth: 2,
    });
    expect(progressLine({ bytes: 55, total: 200, entries: 3 }, 2)).toBeNull();
  });
});
