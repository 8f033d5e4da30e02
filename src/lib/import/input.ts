// Where an export's text comes from: a file on disk (the CLI), an uploaded
// file (the admin page) or a string (tests). Always a stream of text chunks,
// so nothing holds the whole file.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

export interface ChunkSource {
  chunks: AsyncIterable<string>;
  /** Bytes read so far, for a progress bar. */
  bytesRead: () => number;
  totalBytes: number | null;
}

export async function fileSource(path: string): Promise<ChunkSource> {
  const { size } = await stat(path);
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  let read = 0;
  async function* chunks() {
    const decoder = new TextDecoder('utf-8');
    for await (const buffer of stream as AsyncIterable<Buffer>) {
      read += buffer.length;
      yield decoder.decode(buffer, { stream: true });
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }
  return { chunks: chunks(), bytesRead: () => read, totalBytes: size };
}

/** A web stream of bytes (an uploaded file) as text chunks. */
export function byteStreamSource(stream: ReadableStream<Uint8Array>, size: number | null): ChunkSource {
  let read = 0;
  async function* chunks() {
    const decoder = new TextDecoder('utf-8');
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      read += value.length;
      yield decoder.decode(value, { stream: true });
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }
  return { chunks: chunks(), bytesRead: () => read, totalBytes: size };
}

/** A string in small chunks, as a file would arrive. */
export async function* textChunks(text: string, size = 4096): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
