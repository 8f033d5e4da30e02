// A WordPress [gallery] keeps its images (Theme Unit Test: "Post Format: Gallery" showed
// nothing but headings): the post's own attachments in their order, or those its ids name,
// known only once the whole export is read.
import { describe, expect, it } from 'vitest';
import { htmlToMarkdown } from '../../src/lib/import/html.ts';
import { addGalleryImage, expandGalleries, newGalleryImages } from '../../src/lib/import/wordpress/galleries.ts';
import { cleanWordPressContent } from '../../src/lib/import/wordpress/shortcodes.ts';

const image = (id: string, alt = `Photo ${id}`) => ({
  sourceId: id,
  url: `https://old.example/wp-content/uploads/${id} (1).jpg`,
  alt,
  title: id,
});
const read = (html: string, postId = '555') =>
  htmlToMarkdown(cleanWordPressContent(html, { galleryOf: postId }), { autop: true, baseUrl: null });

describe('WordPress galleries', () => {
  const galleries = newGalleryImages();
  addGalleryImage(galleries, image('12'), '555', 2);
  addGalleryImage(galleries, image('11', 'A [bracketed] alt'), '555', 1);
  addGalleryImage(galleries, image('13'), '555', 0);
  addGalleryImage(galleries, image('20'), '700', 0);
  addGalleryImage(galleries, image('30'), null, 0);

  it("shows the post's own images in their order, whatever attributes the gallery has", () => {
    const md = expandGalleries(read('Before\n\n[gallery columns="3" size="large"]\n\nAfter'), galleries);
    expect(md).toBe(
      [
        'Before',
        '![Photo 13](https://old.example/wp-content/uploads/13%20%281%29.jpg)',
        '![A \\[bracketed\\] alt](https://old.example/wp-content/uploads/11%20%281%29.jpg)',
        '![Photo 12](https://old.example/wp-content/uploads/12%20%281%29.jpg)',
        'After',
      ].join('\n\n'),
    );
  });

  it('shows the images its ids name, in that order, and another post’s with id=', () => {
    expect(expandGalleries(read('[gallery ids="30, 12,99"]'), galleries)).toBe(
      '![Photo 30](https://old.example/wp-content/uploads/30%20%281%29.jpg)\n\n![Photo 12](https://old.example/wp-content/uploads/12%20%281%29.jpg)',
    );
    expect(expandGalleries(read('[gallery id="700"]'), galleries)).toContain('/20%20%281%29.jpg');
  });

  it('leaves nothing where no image is known, and removes galleries when not asked for them', () => {
    expect(expandGalleries(read('A\n\n[gallery]\n\nB', '999'), galleries)).toBe('A\n\nB');
    expect(htmlToMarkdown(cleanWordPressContent('A [gallery ids="1,2"] B'), { autop: true, baseUrl: null })).toBe(
      'A B',
    );
  });
});
