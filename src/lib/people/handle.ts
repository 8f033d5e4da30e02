// Handles: the name in a profile's address, /people/<handle>. Lowercase
// letters, digits and single hyphens, starting with a letter, so an address is
// readable, never needs escaping, and cannot pass for a page of the site.
import { z } from 'astro/zod';

const HANDLE_MIN = 2;
export const HANDLE_MAX = 30;
/** The same rule as the database's check constraint (db/migrations/20261127_0500_search_people.ts). */
const HANDLE_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Words that would read as the site speaking, or clash with its addresses. */
export const RESERVED_HANDLES: ReadonlySet<string> = new Set([
  'about',
  'account',
  'admin',
  'administrator',
  'api',
  'archive',
  'author',
  'contact',
  'former-member',
  'help',
  'login',
  'logout',
  'me',
  'member',
  'moderator',
  'new',
  'notifications',
  'null',
  'official',
  'people',
  'posts',
  'privacy',
  'root',
  'rss',
  'search',
  'settings',
  'setup',
  'signup',
  'staff',
  'support',
  'system',
  'tags',
  'undefined',
  'wishcast',
  'wishes',
]);

/** Why a (lowercased) handle is refused, or null when it is fine. */
export function handleProblem(handle: string): string | null {
  if (handle.length < HANDLE_MIN || handle.length > HANDLE_MAX) {
    return `A handle has ${HANDLE_MIN} to ${HANDLE_MAX} characters.`;
  }
  if (!HANDLE_PATTERN.test(handle)) {
    return 'Use lowercase letters, digits and single hyphens, starting with a letter (like ada-lovelace).';
  }
  if (RESERVED_HANDLES.has(handle)) return 'That handle is reserved. Please choose another.';
  return null;
}

export const handleField = z
  .string({ error: 'Handle is required.' })
  .transform((v) => v.trim().toLowerCase().replace(/^@/, ''))
  .superRefine((value, ctx) => {
    const problem = value === '' ? 'Handle is required.' : handleProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A handle made from a display name: "Zoë O'Brien" → "zoe-o-brien"; "member" when nothing usable is left. */
export function handleFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, HANDLE_MAX - 6)
    .replace(/-+$/, '');
  return slug.length >= HANDLE_MIN && !RESERVED_HANDLES.has(slug) ? slug : 'member';
}

/** Candidates for a new account's handle, best first: the name's, then numbered ones. */
export function handleCandidates(name: string, count = 20): string[] {
  const base = handleFromName(name);
  // "member" alone is reserved: it is only ever numbered.
  const plain = base === 'member' ? [] : [base];
  const numbered = Array.from({ length: count - plain.length }, (_, i) => `${base}-${i + 2}`);
  return [...plain, ...numbered];
}
