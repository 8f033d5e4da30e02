// The accent colour the author picks: any colour keeps links and buttons readable in light and dark.
import { describe, expect, it } from 'vitest';
import {
  accentCss,
  accentPalette,
  contrast,
  DARK_BACKGROUND,
  DEFAULT_ACCENT,
  LIGHT_BACKGROUND,
  normaliseHex,
} from '../../src/lib/theme/accent.ts';
import { settingsFromForm } from '../../src/lib/settings/input.ts';
import { ValidationError } from '../../src/lib/errors.ts';

describe('the accent colour', () => {
  it('reads six-digit hex colours in any case, with or without #, and nothing else', () => {
    expect(normaliseHex(' #A2461F ')).toBe('#a2461f');
    expect(normaliseHex('0077cc')).toBe('#0077cc');
    for (const bad of ['', '#fff', 'red', '#12345g', 'url(x)', '#a2461f;}body{x:y'])
      expect(normaliseHex(bad)).toBeNull();
  });

  it.each(['#ffe14d', '#ffffff', '#000000', '#0077cc', '#a2461f', '#22aa55', '#ff00ff', '#777777'])(
    'keeps %s at AA contrast on both backgrounds, and button text on it too',
    (hex) => {
      const { light, dark } = accentPalette(hex);
      expect(contrast(light.accent, LIGHT_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(light.strong, LIGHT_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(dark.accent, DARK_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(dark.strong, DARK_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('leaves a colour that already reads well as it is', () => {
    expect(accentPalette(DEFAULT_ACCENT).light.accent).toBe(DEFAULT_ACCENT);
    expect(accentPalette('#ffe14d').dark.accent).toBe('#ffe14d');
    expect(accentPalette('#ffe14d').light.accent).not.toBe('#ffe14d');
  });

  it('writes custom properties only from a clean colour (what reaches the page is never the raw setting)', () => {
    const css = accentCss('#a2461f;}body{display:none');
    expect(css).toBe(accentCss(DEFAULT_ACCENT));
    expect(css).toMatch(/^:root:root\{--accent:#[0-9a-f]{6};--accent-strong:#[0-9a-f]{6};--accent-soft:#[0-9a-f]{6}\}/);
    expect(css).toContain('@media (prefers-color-scheme:dark)');
  });
});

describe('the accent colour in the settings form', () => {
  it('is saved as a clean colour, left alone when the form has no such field, and refused when it is not a colour', () => {
    expect(settingsFromForm({ thread_depth: '5', accent_color: '#FFE14D' }).accentColor).toBe('#ffe14d');
    expect('accentColor' in settingsFromForm({ thread_depth: '5' })).toBe(false);
    expect(() => settingsFromForm({ thread_depth: '5', accent_color: 'red;}' })).toThrow(ValidationError);
  });
});
