import type { APIRoute } from 'astro';
import { answerMetrics } from '../server/metrics-endpoint.ts';

export const GET: APIRoute = (context) => answerMetrics(context);
