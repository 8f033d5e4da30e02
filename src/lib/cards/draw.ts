// Draws a share card: the title and the site's name on the site's paper, as a
// 1200×630 PNG (the size Open Graph and X/Twitter large cards show uncropped).
// satori lays out the text as SVG with the Literata files from
// @fontsource/literata (satori reads TTF/OTF/WOFF, not WOFF2); resvg paints it.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/** Bump when the drawing changes, so every kept card is drawn again. */
export const CARD_TEMPLATE = 'literata-1';

const require = createRequire(import.meta.url);
const FONT_FILES = { 400: 'literata-latin-400-normal.woff', 600: 'literata-latin-600-normal.woff' } as const;

let fonts: Promise<{ name: string; data: Buffer; weight: 400 | 600; style: 'normal' }[]> | null = null;

/** The font files, read once per process from node_modules (they never change while it runs). */
function loadFonts() {
  fonts ??= Promise.all(
    (Object.entries(FONT_FILES) as [string, string][]).map(async ([weight, file]) => ({
      name: 'Literata',
      data: await readFile(require.resolve(`@fontsource/literata/files/${file}`)),
      weight: Number(weight) as 400 | 600,
      style: 'normal' as const,
    })),
  );
  return fonts;
}

export interface CardText {
  /** The subject's title (a post's, a page's, a wish's opening words…). */
  title: string;
  siteName: string;
  /** A small line above the title: "Wish board", "A wish"… or '' for none. */
  label: string;
}

/** A long title is cut at a word, so the card never overflows. */
export function fitTitle(title: string, max = 110): string {
  const text = title.replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20)).trimEnd()}…`;
}

function titleSize(title: string): number {
  if (title.length <= 40) return 76;
  if (title.length <= 80) return 62;
  return 52;
}

const PAPER = '#fbf8f3';
const INK = '#1f1b16';
const ACCENT = '#9a3412';

type Node = { type: string; props: { style?: Record<string, unknown>; children?: Node[] | string } };
const div = (style: Record<string, unknown>, children: Node[] | string): Node => ({
  type: 'div',
  props: { style: { display: 'flex', ...style }, children },
});

export async function drawCard(text: CardText): Promise<Buffer> {
  const title = fitTitle(text.title) || text.siteName;
  const tree = div(
    {
      width: '100%',
      height: '100%',
      flexDirection: 'column',
      justifyContent: 'space-between',
      padding: '72px 84px',
      background: PAPER,
      color: INK,
      fontFamily: 'Literata',
      borderTop: `16px solid ${ACCENT}`,
    },
    [
      div({ flexDirection: 'column' }, [
        div({ fontSize: 30, color: ACCENT, marginBottom: 24 }, text.label || ' '),
        div({ fontSize: titleSize(title), fontWeight: 600, lineHeight: 1.15 }, title),
      ]),
      div({ fontSize: 34, color: '#5b5247' }, text.siteName),
    ],
  );
  const svg = await satori(tree as Parameters<typeof satori>[0], {
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    fonts: await loadFonts(),
  });
  return new Resvg(svg, { fitTo: { mode: 'width', value: CARD_WIDTH } }).render().asPng();
}
