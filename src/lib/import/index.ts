// The import domain's front: what scripts, pages and actions call.
import type { Db } from '../db.ts';
import { importBlogger } from './blogger/import.ts';
import { importDisqus } from './disqus/import.ts';
import type { ImportOptions } from './run.ts';
import type { ImportSummary } from './summary.ts';
import { importWordPress } from './wordpress/import.ts';

export type { ImportOptions } from './run.ts';
export { formatSummary, type ImportSummary } from './summary.ts';
export { ImportFormatError } from './xml.ts';
export { findLegacyRedirect } from './legacy.ts';
export { fileSource, byteStreamSource, type ChunkSource } from './input.ts';
export { findFirstAuthorId } from './repo.ts';
export { emptySourceMedia, type SourceMedia } from './model.ts';

const IMPORT_FORMATS = ['wordpress', 'blogger', 'disqus'] as const;
type ImportFormat = (typeof IMPORT_FORMATS)[number];

export function isImportFormat(value: string): value is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(value);
}

/** Imports a WordPress (WXR), Blogger (Atom) or Disqus export in one transaction. */
export function importExport(
  db: Db,
  format: ImportFormat,
  chunks: AsyncIterable<string>,
  options: ImportOptions,
): Promise<ImportSummary> {
  if (format === 'disqus') return importDisqus(db, chunks, options);
  return format === 'wordpress' ? importWordPress(db, chunks, options) : importBlogger(db, chunks, options);
}
