// How posts refer to uploads (`![alt](/media/<id>)`) and how those references
// render: <picture> with AVIF/WebP sources, a sized fallback <img>, alt text,
// and loading hints (the first image eager, the others lazy).
import { describe, expect, it } from 'vitest';
import type { MediaVariantJson } from '../../db/schema.ts';
import { renderMarkdown, type ResponsiveImage } from '../../src/lib/markdown/markdown.ts';
import { POST_IMAGE_SIZES } from '../../src/lib/markdown/picture.ts';
import { listMediaReferences, mediaIdOf, mediaReference, toResponsiveImage } from '../../src/lib/media/references.ts';

function attributesOf(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/([a-z]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

const key = (n: number, ext: string) => `${n.toString(16).padStart(32, '0')}.${ext}`;

function variantsOf(widths: [number, number][], formats: MediaVariantJson['format'][]): MediaVariantJson[] {
  let n = 0;
  return formats.flatMap((format) =>
    widths.map(([width, height]) => ({
      key: key(++n, format === 'jpeg' ? 'jpg' : format),
      format,
      width,
      height,
      bytes: 1000,
    })),
  );
}

const PHOTO = toResponsiveImage({
  alt: 'A red door',
  decorative: false,
  // Deliberately unsorted, as JSON may come back in any order we wrote it.
  variants: variantsOf(
    [
      [960, 640],
      [480, 320],
      [1600, 1067],
    ],
    ['jpeg', 'avif', 'webp'],
  ),
})!;

describe('media references in Markdown', () => {
  it('finds /media/<id> images only, once each, outside code', () => {
    const markdown = [
      '![a](/media/3) and again ![b](/media/3)',
      '![c](/media/12 "title")',
      '![remote](https://example.org/media/4) [a link](/media/7) `![code](/media/5)`',
      '```\n![fenced](/media/6)\n```',
      '![zero](/media/0) ![huge](/media/99999999999) ![path](/media/3/../4)',
    ].join('\n\n');
    expect(listMediaReferences(markdown)).toEqual([3, 12]);
    expect(mediaIdOf('/media/42')).toBe(42);
    expect(mediaIdOf('/media/42.jpg')).toBeNull();
  });

  it('writes a reference whose alt survives brackets and backslashes', () => {
    const markdown = mediaReference(4, 'Ada [left] \\ Bob\nsmiling');
    expect(markdown).toBe('![Ada \\[left\\] \\\\ Bob smiling](/media/4)');
    expect(listMediaReferences(markdown)).toEqual([4]);
    const html = renderMarkdown(markdown, 'post', { resolveImage: () => PHOTO });
    expect(html).toContain('alt="Ada [left] \\ Bob smiling"');
  });

  it('builds sorted srcsets with the largest fallback as src and its size', () => {
    expect(PHOTO.width).toBe(1600);
    expect(PHOTO.height).toBe(1067);
    expect(PHOTO.fallback.src).toBe(`/media/${key(3, 'jpg')}`);
    expect(PHOTO.fallback.srcset).toBe(
      `/media/${key(2, 'jpg')} 480w, /media/${key(1, 'jpg')} 960w, /media/${key(3, 'jpg')} 1600w`,
    );
    expect(PHOTO.sources.map((s) => s.type)).toEqual(['image/avif', 'image/webp']);
    const png = toResponsiveImage({ alt: '', decorative: true, variants: variantsOf([[300, 200]], ['png', 'webp']) });
    expect(png?.fallback.src).toMatch(/\.png$/);
    expect(toResponsiveImage({ alt: 'x', decorative: false, variants: variantsOf([[300, 200]], ['webp']) })).toBeNull();
  });
});

describe('post rendering of uploads', () => {
  const images = new Map<string, ResponsiveImage>([
    ['/media/1', PHOTO],
    ['/media/2', { ...PHOTO, decorative: true }],
  ]);
  const render = (markdown: string) =>
    renderMarkdown(markdown, 'post', { resolveImage: (href) => images.get(href) ?? null });

  it('renders a <picture> with sources, sizes, a sized fallback and alt text; the first image eager', () => {
    const html = render('![](/media/1)\n\nText.\n\n![Door, closer](/media/1 "Our door")');
    const pictures = html.match(/<picture>.*?<\/picture>/g)!;
    expect(pictures).toHaveLength(2);
    const tags = [...pictures[0]!.matchAll(/<(source|img)\s([^>]*?)\s?\/>/g)].map((m) => ({
      name: m[1],
      ...attributesOf(m[2]!),
    }));
    const sizes = POST_IMAGE_SIZES;
    expect(tags).toEqual([
      { name: 'source', type: 'image/avif', srcset: PHOTO.sources[0]!.srcset, sizes },
      { name: 'source', type: 'image/webp', srcset: PHOTO.sources[1]!.srcset, sizes },
      {
        name: 'img',
        src: PHOTO.fallback.src,
        srcset: PHOTO.fallback.srcset,
        sizes,
        width: '1600',
        height: '1067',
        alt: 'A red door',
        loading: 'eager',
      },
    ]);
    expect(attributesOf(pictures[1]!.match(/<img ([^>]*)\/>/)![1]!)).toMatchObject({
      alt: 'Door, closer',
      title: 'Our door',
      loading: 'lazy',
      decoding: 'async',
    });
  });

  it('gives decorative images an empty alt, whatever the Markdown says', () => {
    const img = render('![Ignored words](/media/2)').match(/<img ([^>]*)\/>/)![1]!;
    expect(attributesOf(img)).toMatchObject({ alt: '', loading: 'eager' });
  });

  it('leaves unknown uploads and remote images as written, lazily after the first', () => {
    const html = render('![x](https://example.org/a.png)\n\n![gone](/media/9)');
    expect(html).toContain('<img src="https://example.org/a.png" alt="x" loading="eager" />');
    expect(html).toContain('<img src="/media/9" alt="gone" loading="lazy" decoding="async" />');
    expect(html).not.toContain('<picture>');
  });

  it('does not let a remote image borrow responsive attributes', () => {
    const html = renderMarkdown(
      `<img src="https://example.org/a.png" srcset="/media/${key(1, 'jpg')} 480w" sizes="100vw">`,
      'post',
    );
    // A media-only srcset is harmless anywhere; sizes is kept only with it.
    expect(html).toContain(`srcset="/media/${key(1, 'jpg')} 480w" sizes="100vw"`);
    expect(renderMarkdown('<img src="/x.png" srcset="https://evil.example/a.jpg 480w" sizes="100vw">', 'post')).toBe(
      '<img src="/x.png" loading="eager" />',
    );
  });
});
