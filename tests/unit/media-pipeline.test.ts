// The image pipeline on real files made by sharp in the test, and on hostile
// ones made by hand: every bad file is a clean refusal, quickly.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { processAvatar } from '../../src/lib/media/avatar.ts';
import { Deadline, answerByDeadline, planWidths, processImage } from '../../src/lib/media/pipeline.ts';
import { ImageRefusedError, type RefusalReason } from '../../src/lib/media/refusal.ts';
import {
  exifTags,
  GPS_IFD_TAG,
  makeBlackPng,
  makeImage,
  makePngClaiming,
  makeSidewaysJpegWithGps,
  makeZip,
  pixelAt,
} from '../helpers/images.ts';

const MB = 1024 * 1024;
const OPTIONS = { maxBytes: 10 * MB };

async function refusal(work: Promise<unknown>): Promise<ImageRefusedError> {
  const outcome = await work.then(
    () => null,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(ImageRefusedError);
  return outcome as ImageRefusedError;
}

async function expectRefused(input: Uint8Array, reason: RefusalReason, maxBytes = 10 * MB) {
  const started = performance.now();
  const error = await refusal(processImage(input, { maxBytes }));
  expect(error.reason).toBe(reason);
  expect(error.fields.file).toBe(error.message);
  return { error, ms: performance.now() - started };
}

describe('processImage on good files', () => {
  it('applies the EXIF orientation, strips EXIF and GPS, and never enlarges', async () => {
    const input = await makeSidewaysJpegWithGps();
    const before = await sharp(input).metadata();
    expect(before.orientation).toBe(6);
    expect(exifTags(before.exif!)).toContain(GPS_IFD_TAG);
    expect(input.includes(Buffer.from('secret garden'))).toBe(true);

    const image = await processImage(input, OPTIONS);
    expect(image).toMatchObject({ format: 'jpeg', width: 800, height: 1200, hasAlpha: false });
    expect(image.variants.map((v) => `${v.format} ${v.width}x${v.height}`).sort()).toEqual([
      'avif 480x720',
      'avif 800x1200',
      'jpeg 480x720',
      'jpeg 800x1200',
      'webp 480x720',
      'webp 800x1200',
    ]);
    for (const variant of image.variants) {
      const meta = await sharp(variant.bytes).metadata();
      expect(meta.format).toBe(variant.format === 'avif' ? 'heif' : variant.format);
      expect([meta.exif, meta.xmp, meta.iptc, meta.orientation]).toEqual([undefined, undefined, undefined, undefined]);
      expect(variant.bytes.includes(Buffer.from('secret garden'))).toBe(false);
      expect(variant.bytes.includes(Buffer.from('Wishcast Test Camera'))).toBe(false);
    }
    // Stored top half red, rotated a quarter turn clockwise: red is now on the right.
    const jpeg = image.variants.find((v) => v.format === 'jpeg' && v.width === 800)!;
    const [leftRed, , leftBlue] = await pixelAt(jpeg.bytes, 100, 600);
    const [rightRed, , rightBlue] = await pixelAt(jpeg.bytes, 700, 600);
    expect(leftBlue).toBeGreaterThan(200);
    expect(leftRed).toBeLessThan(60);
    expect(rightRed).toBeGreaterThan(200);
    expect(rightBlue).toBeLessThan(60);
  });

  it('keeps transparency: PNG fallback, alpha in AVIF and WebP', async () => {
    const image = await processImage(await makeImage('png', { width: 1000, height: 500, alpha: 0.5 }), OPTIONS);
    expect(image.hasAlpha).toBe(true);
    expect(new Set(image.variants.map((v) => v.format))).toEqual(new Set(['avif', 'webp', 'png']));
    for (const variant of image.variants) expect((await sharp(variant.bytes).metadata()).hasAlpha).toBe(true);
  });

  it('gives an opaque PNG with an alpha channel a JPEG fallback', async () => {
    const image = await processImage(await makeImage('png', { alpha: 1 }), OPTIONS);
    expect(image.hasAlpha).toBe(false);
    expect(image.variants.some((v) => v.format === 'jpeg')).toBe(true);
  });

  it.each(['gif', 'webp', 'avif'] as const)('accepts %s and records each variant size', async (format) => {
    const image = await processImage(await makeImage(format, { width: 1700, height: 850 }), OPTIONS);
    expect(image).toMatchObject({ format, width: 1700, height: 850 });
    const sizes = image.variants.filter((v) => v.format === 'webp').map((v) => [v.width, v.height]);
    expect(sizes).toEqual([
      [480, 240],
      [960, 480],
      [1600, 800],
    ]);
    for (const v of image.variants) expect(v.contentType).toBe(`image/${v.format}`);
  });

  it('plans widths without upscaling', () => {
    expect(planWidths(300)).toEqual([300]);
    expect(planWidths(480)).toEqual([480]);
    expect(planWidths(700)).toEqual([480, 700]);
    expect(planWidths(1600)).toEqual([480, 960, 1600]);
    expect(planWidths(5000)).toEqual([480, 960, 1600]);
  });
});

describe('processImage on bad files', () => {
  it('refuses a 50,000 × 50,000 pixel bomb from its header, fast', async () => {
    const bomb = makePngClaiming(50_000, 50_000);
    expect(bomb.length).toBeLessThan(2000);
    const { error, ms } = await expectRefused(bomb, 'too-many-pixels');
    expect(error.message).toMatch(/too many pixels/);
    expect(ms).toBeLessThan(1000);
  });

  it.each(['jpeg', 'png', 'webp', 'gif', 'avif'] as const)('refuses a truncated %s', async (format) => {
    const full = await sharp({
      create: {
        width: 200,
        height: 150,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .toFormat(format)
      .toBuffer();
    const { error } = await expectRefused(full.subarray(0, Math.floor(full.length * 0.6)), 'damaged');
    expect(error.message).toMatch(/damaged or incomplete/);
  });

  it.each([
    ['an HTML page', Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>')],
    [
      'an SVG with a script',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'),
    ],
    ['a ZIP archive', makeZip()],
    ['plain text', Buffer.from('hello')],
    ['a HEIC-branded file', Buffer.from('000000186674797068656963000000006d69663168656963', 'hex')],
  ])('refuses %s as not an image', async (_name, bytes) => {
    const { error } = await expectRefused(bytes, 'not-an-image');
    expect(error.message).toBe('This file is not an image we accept. Upload a JPEG, PNG, WebP, AVIF or GIF.');
  });

  it('refuses magic bytes followed by rubbish as damaged', async () => {
    await expectRefused(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)]), 'damaged');
    await expectRefused(Buffer.from('GIF89a<svg onload=alert(1)>'), 'damaged');
  });

  it('refuses an empty file and one above the limit, with the limit in the message', async () => {
    await expectRefused(new Uint8Array(0), 'empty');
    const jpeg = await makeImage('jpeg');
    const { error } = await expectRefused(jpeg, 'too-large', 1024);
    expect(error.message).toMatch(/^This file is \d+ KB; images can be up to 1 KB\.$/);
  });

  it('answers by the deadline even when the work never finishes', async () => {
    const started = performance.now();
    const error = await refusal(answerByDeadline(new Promise(() => {}), new Deadline(0.05)));
    expect(error.reason).toBe('too-slow');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('bounds a heavy image by its time budget: a result or a refusal, never a hang', async () => {
    // 49 megapixels (under the limit) in a file of about 150 KB.
    const heavy = makeBlackPng(7000, 7000);
    expect(heavy.length).toBeLessThan(512 * 1024);
    const started = performance.now();
    const outcome = await processImage(heavy, { maxBytes: 200 * MB, timeoutSeconds: 1 }).then(
      (image) => image.width,
      (error: unknown) => error,
    );
    if (typeof outcome !== 'number') expect((outcome as ImageRefusedError).reason).toBe('too-slow');
    expect(performance.now() - started).toBeLessThan(4000);
  });
});

describe('processAvatar', () => {
  it('crops to centred squares, never larger than the picture', async () => {
    const avatar = await processAvatar(await makeSidewaysJpegWithGps());
    expect(avatar.size).toBe(256);
    const sides = avatar.variants.map((v) => `${v.format} ${v.width}x${v.height}`).sort();
    expect(sides).toEqual([
      'avif 128x128',
      'avif 256x256',
      'avif 64x64',
      'jpeg 128x128',
      'jpeg 256x256',
      'jpeg 64x64',
      'webp 128x128',
      'webp 256x256',
      'webp 64x64',
    ]);
    for (const v of avatar.variants) expect((await sharp(v.bytes).metadata()).exif).toBeUndefined();
    const small = await processAvatar(await makeImage('png', { width: 100, height: 90, alpha: 0.3 }));
    expect(small.size).toBe(90);
    expect(small.variants.map((v) => v.format).sort()).toEqual(['avif', 'avif', 'png', 'png', 'webp', 'webp']);
  });

  it('refuses what the post pipeline refuses', async () => {
    expect((await refusal(processAvatar(makePngClaiming(50_000, 50_000)))).reason).toBe('too-many-pixels');
    expect((await refusal(processAvatar(Buffer.from('<svg/>')))).reason).toBe('not-an-image');
  });
});
