import type { APIRoute } from 'astro';
import { answerReadinessCheck } from '../server/health.ts';

export const GET: APIRoute = () => answerReadinessCheck();
