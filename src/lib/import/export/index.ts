// Moving out: the whole site as WXR (for WordPress and anything reading it) or
// as documented JSON.
import type { Db } from '../../db.ts';
import { getSettings } from '../../settings/settings.ts';
import { exportJson } from './json.ts';
import { exportWxr } from './wxr.ts';

const EXPORT_FORMATS = ['wxr', 'json'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

export async function exportSite(
  db: Db,
  format: ExportFormat,
  options: { siteUrl: string; timeZone: string; now: Date },
): Promise<AsyncGenerator<string>> {
  const settings = await getSettings(db);
  const full = {
    ...options,
    siteUrl: options.siteUrl.replace(/\/+$/, ''),
    siteName: settings.siteName,
    tagline: settings.tagline,
    authorBio: settings.authorBio,
  };
  return format === 'wxr' ? exportWxr(db, full) : exportJson(db, full);
}

/** "wishcast-2026-12-01.xml" */
export function exportFileName(format: ExportFormat, now: Date): string {
  return `wishcast-${now.toISOString().slice(0, 10)}.${format === 'wxr' ? 'xml' : 'json'}`;
}
