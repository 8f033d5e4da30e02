// Test images made on the spot with sharp, and hostile files made by hand.
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** A 1200×800 JPEG stored sideways (EXIF orientation 6) with a GPS position: top half red, bottom half blue. */
export async function makeSidewaysJpegWithGps(): Promise<Buffer> {
  const red = await sharp({ create: { width: 1200, height: 400, channels: 3, background: '#ff0000' } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: '#0000ff' } })
    .composite([{ input: red, top: 0, left: 0 }])
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'Wishcast Test Camera', ImageDescription: 'secret garden' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '51/1 30/1 2628/100',
        GPSLongitudeRef: 'W',
        GPSLongitude: '0/1 7/1 4002/100',
      },
    })
    .toBuffer();
}

/** A photo-like JPEG (smooth noise, so it compresses like a photo) stored sideways, with GPS. */
export async function makePhoto(width: number, height: number): Promise<Buffer> {
  const pixels = await sharp({
    create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 120, sigma: 70 } },
  })
    .blur(1.2)
    .raw()
    .toBuffer();
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 92 })
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '48/1 51/1 2400/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '2/1 21/1 300/100',
      },
    })
    .toBuffer();
}

export function makeImage(
  format: 'jpeg' | 'png' | 'webp' | 'avif' | 'gif',
  options: { width?: number; height?: number; alpha?: number } = {},
): Promise<Buffer> {
  const { width = 640, height = 480, alpha } = options;
  const channels = alpha === undefined ? 3 : 4;
  const background = { r: 40, g: 120, b: 200, alpha: alpha ?? 1 };
  return sharp({ create: { width, height, channels, background } }).toFormat(format).toBuffer();
}

/** The tag ids in IFD0 of an EXIF block (as sharp's metadata().exif gives it); 0x8825 points at GPS. */
export function exifTags(exif: Buffer): number[] {
  const tiff = exif.subarray(exif.indexOf('Exif\0\0') === 0 ? 6 : 0);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  const count = u16(ifd);
  return Array.from({ length: count }, (_, i) => u16(ifd + 2 + i * 12));
}

export const GPS_IFD_TAG = 0x8825;

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid little PNG whose header claims width × height (a "pixel bomb": 1 KB claiming gigapixels). */
export function makePngClaiming(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1024))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A valid PNG of width × height black pixels: a few hundred KB that decode to
 * width × height × 3 bytes (a decompression bomb under the pixel limit).
 */
export function makeBlackPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  // Every scanline: filter byte 0, then zeros.
  const pixels = Buffer.alloc((width * 3 + 1) * height);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(pixels, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A minimal ZIP archive (one stored file), as a browser would send a .zip renamed .jpg. */
export function makeZip(): Buffer {
  const name = Buffer.from('photo.jpg');
  const data = Buffer.from('not really a photo');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  return Buffer.concat([local, name, data]);
}

/** The RGB of one pixel of an encoded image. */
export async function pixelAt(image: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}
