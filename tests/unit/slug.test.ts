import { describe, expect, it } from 'vitest';
import { isValidSlug, parseTagList, slugify } from '../../src/lib/posts/slug.ts';

describe('slugify', () => {
  it.each([
    ['Café Chats', 'cafe-chats'],
    ['  Hello,   World!  ', 'hello-world'],
    ['Ask what you can do — first', 'ask-what-you-can-do-first'],
    ['Ärger über Straße', 'arger-uber-strasse'],
    ["Don't stop", 'dont-stop'],
    ['!!!', ''],
  ])('%s → %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('keeps slugs within 80 characters without a trailing hyphen', () => {
    const slug = slugify('word '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(isValidSlug(slug)).toBe(true);
  });
});

describe('parseTagList', () => {
  it('trims, drops empties and duplicates by slug', () => {
    expect(parseTagList(' networking, Community ,, networking, community ')).toEqual(['networking', 'Community']);
    expect(parseTagList(null)).toEqual([]);
  });
});
