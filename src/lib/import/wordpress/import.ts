// npm run import -- wordpress FILE, and the admin upload: a WXR file in, one transaction.
import type { Db } from '../../db.ts';
import {
  adoptSiteIdentity,
  finishRun,
  flushEntries,
  newSummary,
  noteSkips,
  siteKey,
  startRun,
  queueEntry,
} from '../run.ts';
import type { ImportOptions, ImportRun } from '../run.ts';
import type { ImportSummary } from '../summary.ts';
import { ImportFormatError } from '../xml.ts';
import { addGalleryImage, newGalleryImages, writeGalleries } from './galleries.ts';
import { readWordPressExport } from './wxr.ts';

export async function importWordPress(
  db: Db,
  chunks: AsyncIterable<string>,
  options: ImportOptions,
): Promise<ImportSummary> {
  return db.transaction().execute(async (trx) => {
    let run: ImportRun | null = null;
    const galleries = newGalleryImages();
    const withGalleries: { kind: 'post' | 'page'; sourceId: string }[] = [];
    for await (const event of readWordPressExport(chunks, { timeZone: options.timeZone })) {
      if (event.type === 'site') {
        run = startRun(trx, { source: 'wordpress', site: siteKey(event.site.url) }, newSummary('WordPress'), options);
        // Comments travel with their post: nothing later refers back to it.
        run.forgetPosts = true;
        await adoptSiteIdentity(trx, run, event.site);
        continue;
      }
      if (!run) throw new ImportFormatError('The export has items before its channel. Nothing was imported.');
      if (event.type === 'entry') {
        if (event.entry.bodyMd.includes('wishcast-gallery:')) {
          withGalleries.push({ kind: event.entry.kind, sourceId: event.entry.sourceId });
        }
        await queueEntry(run, event.entry, event.comments, options);
        noteSkips(run, event.skipped, event.remarks);
        if (event.coverSourceId && event.entry.kind === 'post') {
          options.media?.covers.push({ postSourceId: event.entry.sourceId, imageSourceId: event.coverSourceId });
        }
      } else if (event.type === 'attachment') {
        if (event.image) {
          options.media?.images.push(event.image);
          addGalleryImage(galleries, event.image, event.parentSourceId, event.order);
        } else noteSkips(run, ['attachment that is not an image (the file stays at its old address)']);
        if (event.parentSourceId) {
          run.attachmentPages.push({ parentSourceId: event.parentSourceId, legacyPaths: event.legacyPaths });
        } else {
          noteSkips(run, ['attachment page not attached to a post or page']);
        }
      } else if (event.type === 'menu') {
        run.menu.push({ pageSourceId: event.pageSourceId, order: event.order });
        noteSkips(run, [event.skipped]);
      } else {
        noteSkips(run, [event.reason]);
      }
    }
    if (!run) throw new ImportFormatError('The export is empty. Nothing was imported.');
    await flushEntries(run, options);
    await writeGalleries(trx, run.entries.site, withGalleries, galleries);
    return finishRun(trx, run, options);
  });
}
