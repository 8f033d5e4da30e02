// Share cards (og:image): /og/post/12.png, /og/page/3.png, /og/wish/7.png, /og/board/2026-12-02.png, /og/site/home.png.
import type { APIRoute } from 'astro';
import { answerShareCardRequest } from '../../../server/share-cards.ts';

export const GET: APIRoute = ({ request, params }) =>
  answerShareCardRequest(request, params.kind ?? '', params.subject ?? '');
