// A member's generated avatar (src/lib/people/identicon.ts). SVG can carry
// script, so it is served with a policy that allows nothing at all, even
// opened on its own; ours holds only shapes and colours.
import type { APIRoute } from 'astro';
import { renderAvatar } from '../../../lib/people/profiles.ts';
import { getApp } from '../../../server/app.ts';

export const GET: APIRoute = async ({ params }) => {
  const svg = await renderAvatar(getApp().db, params.handle ?? '');
  if (svg === null)
    return new Response('No such member.\n', { status: 404, headers: { 'content-type': 'text/plain' } });
  return new Response(svg, {
    headers: {
      'content-type': 'image/svg+xml; charset=utf-8',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'public, max-age=86400',
    },
  });
};
