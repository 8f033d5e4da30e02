// An avatar that needs no third party and no upload: a symmetric 5×5 pattern
// in one colour, drawn from the SHA-256 of the account id. Pure and
// deterministic: the same id always gives the same picture. The SVG holds only
// numbers and colours computed here, nothing anyone typed.
import { createHash } from 'node:crypto';

const GRID = 5;
/** Columns 0–2 are chosen; 3 and 4 mirror 1 and 0. */
const HALF = Math.ceil(GRID / 2);

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const value = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

interface Identicon {
  /** cells[row][column]: filled or not; each row reads the same both ways. */
  cells: boolean[][];
  foreground: string;
  background: string;
}

/** The pattern and colours for an account id. */
export function identiconFor(accountId: string): Identicon {
  const digest = createHash('sha256').update(`wishcast-avatar:${accountId}`).digest();
  const hue = ((digest[0]! << 8) | digest[1]!) % 360;
  // Dark enough on the light background for a 3:1 contrast, whatever the hue.
  const foreground = hslToHex(hue, 0.55 + (digest[2]! % 20) / 100, 0.3);
  const background = hslToHex(hue, 0.35, 0.93);
  const cells: boolean[][] = [];
  let filled = 0;
  for (let row = 0; row < GRID; row++) {
    const half: boolean[] = [];
    for (let column = 0; column < HALF; column++) {
      const on = (digest[3 + row * HALF + column]! & 1) === 1;
      half.push(on);
      if (on) filled++;
    }
    cells.push([...half, ...half.slice(0, GRID - HALF).reverse()]);
  }
  // An empty square says nothing: give it at least its centre.
  if (filled === 0) cells[2]![2] = true;
  return { cells, foreground, background };
}

/** The identicon as a standalone SVG document (square, scales to any size). */
export function renderIdenticon(accountId: string): string {
  const { cells, foreground, background } = identiconFor(accountId);
  let path = '';
  cells.forEach((row, y) =>
    row.forEach((on, x) => {
      if (on) path += `M${x + 1} ${y + 1}h1v1h-1z`;
    }),
  );
  // One cell of margin on each side, as a frame.
  const size = GRID + 2;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="${background}"/>` +
    `<path fill="${foreground}" d="${path}"/></svg>`
  );
}
