// Hostile files at random: random bytes, random bytes behind each format's
// magic number, and valid images with bytes flipped, cut, spliced or
// repeated. Each must end as a processed image whose variants decode, or as
// an ImageRefusedError — never another error, never a hang.
import fc from 'fast-check';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { processImage } from '../../src/lib/media/pipeline.ts';
import { ImageRefusedError } from '../../src/lib/media/refusal.ts';
import { makeImage } from '../helpers/images.ts';

const FORMATS = ['jpeg', 'png', 'webp', 'avif', 'gif'] as const;
const MAGIC = [
  [0xff, 0xd8, 0xff],
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  [...Buffer.from('GIF89a')],
  [...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBPVP8 ')],
  [0, 0, 0, 0x1c, ...Buffer.from('ftypavif'), 0, 0, 0, 0, ...Buffer.from('mif1avifmiaf')],
];

type Mutation =
  | { kind: 'flip'; at: number; value: number }[]
  | { kind: 'cut'; at: number }
  | { kind: 'splice'; at: number; bytes: Uint8Array }
  | { kind: 'repeat'; from: number; length: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.array(fc.record({ kind: fc.constant('flip' as const), at: position, value: fc.integer({ min: 0, max: 255 }) }), {
    minLength: 1,
    maxLength: 12,
  }),
  fc.record({ kind: fc.constant('cut' as const), at: position }),
  fc.record({ kind: fc.constant('splice' as const), at: position, bytes: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({ kind: fc.constant('repeat' as const), from: position, length: fc.integer({ min: 1, max: 400 }) }),
);

function mutate(original: Buffer, change: Mutation): Buffer {
  const bytes = Buffer.from(original);
  const index = (at: number) => Math.min(bytes.length - 1, Math.floor(at * bytes.length));
  if (Array.isArray(change)) {
    for (const flip of change) bytes[index(flip.at)] = flip.value;
    return bytes;
  }
  if (change.kind === 'cut') return bytes.subarray(0, index(change.at));
  if (change.kind === 'splice') {
    const at = index(change.at);
    return Buffer.concat([bytes.subarray(0, at), change.bytes, bytes.subarray(at)]);
  }
  const from = index(change.from);
  const piece = bytes.subarray(from, from + change.length);
  return Buffer.concat([bytes.subarray(0, from), piece, piece, bytes.subarray(from)]);
}

async function judge(input: Uint8Array): Promise<'processed' | 'refused'> {
  try {
    const image = await processImage(input, { maxBytes: 1024 * 1024, timeoutSeconds: 10 });
    expect(image.variants.length).toBeGreaterThanOrEqual(3);
    for (const variant of image.variants) {
      const meta = await sharp(variant.bytes).metadata();
      expect([meta.width, meta.height]).toEqual([variant.width, variant.height]);
    }
    return 'processed';
  } catch (error) {
    if (!(error instanceof ImageRefusedError)) throw error;
    expect(error.fields.file).toBeTruthy();
    return 'refused';
  }
}

describe('processImage under fuzzing', () => {
  const originals: Buffer[] = [];
  beforeAll(async () => {
    for (const format of FORMATS) originals.push(await makeImage(format, { width: 48, height: 32 }));
    originals.push(await makeImage('png', { width: 40, height: 30, alpha: 0.4 }));
  });

  it('refuses random bytes, with or without a magic number', async () => {
    const outcomes = { processed: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.option(fc.integer({ min: 0, max: MAGIC.length - 1 }), { nil: null }),
        fc.uint8Array({ maxLength: 4096 }),
        async (magic, rest) => {
          const input = magic === null ? rest : Buffer.concat([Buffer.from(MAGIC[magic]!), rest]);
          outcomes[await judge(input)]++;
        },
      ),
      { numRuns: 200, seed: 15_001 },
    );
    expect(outcomes.refused).toBeGreaterThan(150);
  });

  it('processes or refuses mutated images', { timeout: 120_000 }, async () => {
    const outcomes = { processed: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 5 }), mutation, async (which, change) => {
        outcomes[await judge(mutate(originals[which]!, change))]++;
      }),
      { numRuns: 500, seed: 15_002 },
    );
    // Both outcomes occur: the fuzzing reaches the decoders, not only the byte check.
    expect(outcomes.processed).toBeGreaterThan(10);
    expect(outcomes.refused).toBeGreaterThan(10);
  });
});
