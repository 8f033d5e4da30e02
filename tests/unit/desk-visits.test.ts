// Which answers count as a visit, and the in-memory tally between writes.
import { describe, expect, it } from 'vitest';
import { classifyVisit, dayIn, VisitTally } from '../../src/lib/desk/visits.ts';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';

describe('counting visits', () => {
  it('counts a person reading a page, by class of page', () => {
    expect(classifyVisit('GET', '/', 200, BROWSER)).toBe('home');
    expect(classifyVisit('GET', '/?utm_source=x', 200, BROWSER)).toBe('home');
    expect(classifyVisit('GET', '/posts/hello', 200, BROWSER)).toBe('post');
    expect(classifyVisit('GET', '/wishes', 200, BROWSER)).toBe('board');
    expect(classifyVisit('GET', '/wishes/2026-11-25', 200, BROWSER)).toBe('board');
    expect(classifyVisit('GET', '/about', 200, BROWSER)).toBe('page');
  });

  it('leaves out assets, feeds, the desk, errors, posts of forms, robots and requests with no user agent', () => {
    for (const path of [
      '/_astro/x.css',
      '/media/a.webp',
      '/rss.xml',
      '/feed.json',
      '/admin',
      '/admin/posts/new',
      '/og/post/1.png',
      '/healthz',
      '/favicon.svg',
    ])
      expect(classifyVisit('GET', path, 200, BROWSER)).toBeNull();
    expect(classifyVisit('GET', '/nope', 404, BROWSER)).toBeNull();
    expect(classifyVisit('POST', '/posts/hello', 200, BROWSER)).toBeNull();
    expect(classifyVisit('GET', '/', 200, 'Googlebot/2.1')).toBeNull();
    expect(classifyVisit('GET', '/', 200, null)).toBeNull();
  });

  it('dates a visit in the site time zone', () => {
    const lateEvening = new Date('2026-11-25T23:30:00Z');
    expect(dayIn(lateEvening, 'UTC')).toBe('2026-11-25');
    expect(dayIn(lateEvening, 'Europe/Berlin')).toBe('2026-11-26');
  });

  it('adds up counts per day and class until they are taken', () => {
    const tally = new VisitTally();
    tally.add('2026-11-25', 'home');
    tally.add('2026-11-25', 'home');
    tally.add('2026-11-26', 'post');
    expect(tally.take()).toEqual([
      { day: '2026-11-25', pathClass: 'home', visits: 2 },
      { day: '2026-11-26', pathClass: 'post', visits: 1 },
    ]);
    expect(tally.take()).toEqual([]);
  });
});
