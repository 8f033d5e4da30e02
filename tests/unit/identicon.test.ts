// The generated avatar: deterministic, symmetric, distinct per account, safe
// and legible SVG.
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { identiconFor, renderIdenticon } from '../../src/lib/people/identicon.ts';

const ids = Array.from({ length: 300 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

describe('identicon', () => {
  it('is the same picture for the same id, every time', () => {
    expect(renderIdenticon('account-1')).toBe(renderIdenticon('account-1'));
    expect(renderIdenticon(ids[0]!)).toMatchInlineSnapshot(
      `"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 7 7" shape-rendering="crispEdges"><rect width="7" height="7" fill="#eef3e7"/><path fill="#578118" d="M1 1h1v1h-1zM3 1h1v1h-1zM5 1h1v1h-1zM1 2h1v1h-1zM2 2h1v1h-1zM4 2h1v1h-1zM5 2h1v1h-1zM1 3h1v1h-1zM2 3h1v1h-1zM4 3h1v1h-1zM5 3h1v1h-1zM1 5h1v1h-1zM5 5h1v1h-1z"/></svg>"`,
    );
  });

  it('differs between accounts', () => {
    const pictures = new Set(ids.map(renderIdenticon));
    expect(pictures.size).toBe(ids.length);
  });

  it('is mirrored left to right and never empty', () => {
    for (const id of ids) {
      const { cells } = identiconFor(id);
      expect(cells).toHaveLength(5);
      for (const row of cells) expect(row).toEqual([...row].reverse());
      expect(cells.flat().some(Boolean)).toBe(true);
    }
  });

  it('draws in a colour with at least 3:1 contrast on its background', () => {
    for (const id of ids) {
      const { foreground, background } = identiconFor(id);
      expect(foreground).toMatch(/^#[0-9a-f]{6}$/);
      const [light, dark] = [luminance(background), luminance(foreground)];
      expect((light + 0.05) / (dark + 0.05)).toBeGreaterThanOrEqual(3);
    }
  });

  it('is well-formed SVG holding nothing from its input', () => {
    const hostile = '"><script>alert(1)</script><svg onload=alert(2)>';
    const svg = renderIdenticon(hostile);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg);
    expect(Object.keys(parsed)).toEqual(['svg']);
    expect(Object.keys(parsed.svg).sort()).toEqual(['path', 'rect', 'shape-rendering', 'viewBox', 'xmlns']);
    expect(parsed.svg.path.d).toMatch(/^(M\d \dh1v1h-1z)+$/);
    expect(svg).not.toContain('script');
    expect(svg).not.toContain('onload');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>(<rect [^>]*\/>)(<path [^>]*\/>)<\/svg>$/);
  });
});
