import type { APIRoute } from 'astro';
import { answerHealthCheck } from '../server/health.ts';

export const GET: APIRoute = () => answerHealthCheck();
