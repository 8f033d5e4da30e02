// "Download your data": the signed-in member's data as a JSON file. Nobody else's:
// the account comes from the session alone.
import type { APIRoute } from 'astro';
import { exportAccountData, exportFileName } from '../../lib/people/export.ts';
import { getApp } from '../../server/app.ts';

export const GET: APIRoute = async ({ locals, redirect }) => {
  const user = locals.user;
  if (!user) return redirect(`/login?next=${encodeURIComponent('/account')}`, 303);
  const app = getApp();
  const now = app.now();
  const data = await exportAccountData(app.db, user.id, now);
  if (!data) return redirect('/login', 303);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFileName(data.account.handle, now)}"`,
      'cache-control': 'private, no-store',
    },
  });
};
