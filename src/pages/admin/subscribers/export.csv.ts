// The followers by email as CSV, streamed as read: authors only. Quoting is
// csv-stringify's (RFC 4180); an address is never written unquoted if it needs quotes.
import type { APIRoute } from 'astro';
import { stringify } from 'csv-stringify/sync';
import { eachFollower } from '../../../lib/mail/followers-admin.ts';
import { getApp } from '../../../server/app.ts';

const HEADER = ['email', 'posts', 'wish_day', 'digest', 'source', 'created_at', 'confirmed_at'];

export const GET: APIRoute = async ({ locals }) => {
  if (locals.user?.role !== 'author') return new Response('Only the author can export followers.', { status: 403 });
  const { db } = getApp();
  const rows = eachFollower(db);
  const encoder = new TextEncoder();
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(stringify([HEADER])));
        return;
      }
      const next = await rows.next();
      if (next.done) return controller.close();
      const f = next.value;
      const has = (c: string) => (f.choices.includes(c as never) ? 'yes' : 'no');
      const line = [
        f.email,
        has('posts'),
        has('wish-day'),
        has('digest'),
        f.source,
        f.createdAt.toISOString(),
        f.confirmedAt?.toISOString() ?? '',
      ];
      controller.enqueue(encoder.encode(stringify([line])));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="followers.csv"',
      'cache-control': 'private, no-store',
    },
  });
};
