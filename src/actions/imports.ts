// Moving in from the dashboard: an uploaded WordPress, Blogger or Disqus export,
// imported in one transaction; the summary comes back to the page.
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { ValidationError } from '../lib/errors.ts';
import { byteStreamSource, importExport, isImportFormat, type ImportSummary } from '../lib/import/index.ts';
import { MAX_IMPORT_UPLOAD_BYTES } from '../lib/import/limits.ts';
import { audit } from '../server/audit.ts';
import { run } from '../server/action-errors.ts';
import { getApp } from '../server/app.ts';
import { requireAuthor } from '../server/session.ts';

export const imports = {
  run: defineAction({
    accept: 'form',
    input: z.object({ format: z.string().nullish(), file: z.instanceof(File).nullish() }),
    handler: (input, context) =>
      run(async (): Promise<{ summary: ImportSummary }> => {
        const author = requireAuthor(context);
        const format = input.format ?? '';
        if (!isImportFormat(format)) throw new ValidationError({ format: 'Choose WordPress, Blogger or Disqus.' });
        const file = input.file;
        if (!file || file.size === 0) throw new ValidationError({ file: 'Choose the export file to upload.' });
        if (file.size > MAX_IMPORT_UPLOAD_BYTES) {
          throw new ValidationError({
            file: 'This file is too large to upload here: use npm run import on the server.',
          });
        }
        const app = getApp();
        const source = byteStreamSource(file.stream(), file.size);
        const summary = await importExport(app.db, format, source.chunks, {
          now: app.now(),
          timeZone: app.config.siteTimezone,
          authorId: author.id,
        });
        await audit(context, { action: 'site.import', subject: `${format} export`, detail: file.name });
        return { summary };
      }),
  }),
};
