// Uploaded images: /media/<hash>.<ext> (immutable) and /media/<id> (a redirect to the upload).
import type { APIRoute } from 'astro';
import { answerMediaRequest } from '../../server/media.ts';

export const GET: APIRoute = ({ request, params }) => answerMediaRequest(request, params.key ?? '');
