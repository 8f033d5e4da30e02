import { sequence } from 'astro:middleware';
import { protect } from './protection.ts';
import { loadSession } from './session.ts';

export const onRequest = sequence(protect, loadSession);
