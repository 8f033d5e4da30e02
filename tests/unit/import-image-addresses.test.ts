// Which old image an address shows (Theme Unit Test: WordPress.com's "?w=604" sizes, and
// WordPress's "-150x150" copies), and bodies rewritten to the copies without mangling.
import { describe, expect, it } from 'vitest';
import { rewriteBody, sourceImageOf, withoutSizeQuery } from '../../src/lib/import/images/addresses.ts';
import type { SourceImage } from '../../src/lib/import/model.ts';

const OLD = 'https://old.example/wp-content/uploads/2008/06';
const library = new Map<string, SourceImage>([
  [`${OLD}/canola2.jpg`, { sourceId: '611', url: `${OLD}/canola2.jpg`, alt: 'canola', title: 'canola2' }],
]);

describe('old image addresses', () => {
  it('drops a size asked for in the query, and nothing else', () => {
    expect(withoutSizeQuery(`${OLD}/a.jpg?w=604`)).toBe(`${OLD}/a.jpg`);
    expect(withoutSizeQuery(`${OLD}/a.jpg?w=171&h=128`)).toBe(`${OLD}/a.jpg`);
    expect(withoutSizeQuery(`${OLD}/a.jpg?resize=300%2C200&ssl=1`)).toBe(`${OLD}/a.jpg`);
    expect(withoutSizeQuery('https://old.example/image.php?id=5')).toBe('https://old.example/image.php?id=5');
    expect(withoutSizeQuery(`${OLD}/a.jpg?w=604&id=5`)).toBe(`${OLD}/a.jpg?w=604&id=5`);
    expect(withoutSizeQuery(`${OLD}/a.jpg`)).toBe(`${OLD}/a.jpg`);
  });

  it('takes a sized copy for its library image, but a file named like one for itself', () => {
    expect(sourceImageOf(`${OLD}/canola2-150x150.jpg`, library)).toBe(`${OLD}/canola2.jpg`);
    expect(sourceImageOf(`${OLD}/canola2-300x200.jpg?w=300`, library)).toBe(`${OLD}/canola2.jpg`);
    // "image-alignment-150x150.jpg" is its own file: no "image-alignment.jpg" in the library.
    expect(sourceImageOf(`${OLD}/image-alignment-150x150.jpg`, library)).toBe(`${OLD}/image-alignment-150x150.jpg`);
  });

  it('rewrites a sized image and its full-size link without one eating the other', () => {
    const copy = { id: 7, file: '/media/ab/cd.jpg' };
    const body = `[![](${OLD}/a.jpg?w=604)](${OLD}/a.jpg)`;
    const copies = new Map([
      [`${OLD}/a.jpg`, copy],
      [`${OLD}/a.jpg?w=604`, copy],
    ]);
    expect(rewriteBody(body, copies)).toBe('[![](/media/7)](/media/ab/cd.jpg)');
  });
});
