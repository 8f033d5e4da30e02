// The complete archive (docs/moving-in-and-out.md, "Moving to another
// Wishcast"): a .tar.gz holding manifest.json, tables/<table>.jsonl (one row
// a line, as PostgreSQL's to_jsonb writes it, so every type comes back exact)
// and media/<key> (the stored image files, byte for byte).
export const ARCHIVE_FORMAT = 'wishcast-archive';
export const ARCHIVE_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const TABLES_DIR = 'tables';
export const MEDIA_DIR = 'media';

/** Rows a page: bounded memory on export and import whatever the table's size. */
export const ROWS_A_PAGE = 500;

/** Stands in for a password hash the archive left out: it matches no password, so people set a new one. */
export const NO_PASSWORD = '!';

export interface ArchivedTable {
  name: string;
  /** The columns each line holds (generated columns are computed again on import). */
  columns: string[];
  rows: number;
}

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  version: typeof ARCHIVE_VERSION;
  exportedAt: string;
  siteUrl: string;
  /** The last schema migration of the site that wrote it: an importer that does not know it is older. */
  migration: string;
  withPasswords: boolean;
  tables: ArchivedTable[];
  mediaFiles: number;
}

/** A mistake the operator can correct, said in one line; the scripts print it and exit with `exitCode`. */
export class ArchiveError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.name = 'ArchiveError';
    this.exitCode = exitCode;
  }
}

/** Media keys named anywhere in a row (variants, avatars, Markdown bodies): the files the archive carries. */
export const MEDIA_KEY_IN_TEXT = /[0-9a-f]{32}\.(?:avif|webp|jpg|png)/g;
