// The export download, streamed as it is read: authors only.
import type { APIRoute } from 'astro';
import { exportFileName, exportSite, isExportFormat } from '../../../lib/import/export/index.ts';
import { getApp } from '../../../server/app.ts';

export const GET: APIRoute = async ({ params, locals }) => {
  if (locals.user?.role !== 'author') return new Response('Only the author can export the site.', { status: 403 });
  const format = params.format ?? '';
  if (!isExportFormat(format)) return new Response('Not found.', { status: 404 });
  const { db, now, config } = getApp();
  const at = now();
  const text = await exportSite(db, format, { siteUrl: config.siteUrl, timeZone: config.siteTimezone, now: at });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await text.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await text.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      'content-type': format === 'wxr' ? 'application/xml; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFileName(format, at)}"`,
      'cache-control': 'private, no-store',
    },
  });
};
