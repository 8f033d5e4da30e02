// The accent colour the author picks in Settings, made into the few shades the
// design uses, for light and dark alike. Whatever colour is picked, links and
// buttons keep WCAG AA contrast (4.5:1) on their background: the shade is
// darkened for the light scheme and lightened for the dark one until they do.

export const DEFAULT_ACCENT = '#a2461f';
/** The page backgrounds the accent is read against (src/styles/global.css). */
export const LIGHT_BACKGROUND = '#fffdf8';
export const DARK_BACKGROUND = '#1a1816';
const AA = 4.5;

const HEX = /^#[0-9a-f]{6}$/;

/** "#A2461F" or "a2461f" → "#a2461f"; null when it is not a six-digit hex colour. */
export function normaliseHex(raw: string): string | null {
  const value = raw.trim().toLowerCase();
  const hex = value.startsWith('#') ? value : `#${value}`;
  return HEX.test(hex) ? hex : null;
}

type Rgb = [number, number, number];

function toRgb(hex: string): Rgb {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
}

function toHex(rgb: Rgb): string {
  return `#${rgb
    .map((c) =>
      Math.round(Math.min(255, Math.max(0, c)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

function luminance(hex: string): number {
  const [r, g, b] = toRgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two colours, from 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `hex` mixed toward `target` by `amount` (0 to 1). */
function mix(hex: string, target: string, amount: number): string {
  const from = toRgb(hex);
  const to = toRgb(target);
  return toHex(from.map((c, i) => c + (to[i]! - c) * amount) as Rgb);
}

/** The first shade from `hex` toward `target` that reads at `ratio` on `background`. */
function readableOn(hex: string, background: string, target: string, ratio = AA): string {
  for (let step = 0; step <= 20; step++) {
    const shade = mix(hex, target, step / 20);
    if (contrast(shade, background) >= ratio) return shade;
  }
  return target;
}

interface AccentShades {
  accent: string;
  /** Hover and pressed. */
  strong: string;
  /** Tinted backgrounds: notices, code, highlighted rows. */
  soft: string;
}

interface AccentPalette {
  light: AccentShades;
  dark: AccentShades;
}

/** The light and dark shades of an accent colour. */
export function accentPalette(hex: string): AccentPalette {
  const base = normaliseHex(hex) ?? DEFAULT_ACCENT;
  const light = readableOn(base, LIGHT_BACKGROUND, '#000000');
  const dark = readableOn(base, DARK_BACKGROUND, '#ffffff', 6);
  return {
    light: { accent: light, strong: mix(light, '#000000', 0.25), soft: mix(base, LIGHT_BACKGROUND, 0.9) },
    dark: { accent: dark, strong: mix(dark, '#ffffff', 0.3), soft: mix(base, DARK_BACKGROUND, 0.82) },
  };
}

/**
 * The custom properties that carry the accent, for a <style> element in every page's head
 * (`:root:root` outweighs the defaults in global.css, whichever comes first).
 */
export function accentCss(hex: string): string {
  const { light, dark } = accentPalette(hex);
  const vars = (s: AccentShades) => `--accent:${s.accent};--accent-strong:${s.strong};--accent-soft:${s.soft}`;
  return `:root:root{${vars(light)}}@media (prefers-color-scheme:dark){:root:root{${vars(dark)}}}`;
}
