import type { APIRoute } from 'astro';
import { answerLivenessCheck } from '../server/health.ts';

// The built server answers /livez in its listener, before anything else; this page serves `astro dev`.
export const GET: APIRoute = () => answerLivenessCheck();
