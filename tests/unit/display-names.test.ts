// Issue 24, item 6: display names carry no control or invisible formatting
// characters, whichever form they come through. One rule (`isCleanName` in
// src/lib/validation.ts) is used by every schema that takes a name.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'astro/zod';
import { setupInput, signUpInput } from '../../src/lib/auth/input.ts';
import { visitorCommentInput } from '../../src/lib/comments/input.ts';
import { profileInput } from '../../src/lib/people/input.ts';
import { offerInput, wishInput } from '../../src/lib/wishes/input.ts';
import { isCleanName } from '../../src/lib/validation.ts';

const HOSTILE_NAMES: [string, string][] = [
  ['right-to-left override', 'Ann\u202Egnp.exe'],
  ['left-to-right embedding', '\u202AAnn'],
  ['pop directional formatting', 'Ann\u202C'],
  ['right-to-left isolate', 'Ann \u2067Bob\u2069'],
  ['first strong isolate', '\u2068Ann'],
  ['right-to-left mark', 'Ann\u200F'],
  ['Arabic letter mark', 'Ann\u061C'],
  ['zero-width space', 'An\u200Bn'],
  ['zero-width non-joiner', 'An\u200Cn'],
  ['zero-width joiner between letters', 'An\u200Dn'],
  ['word joiner', 'An\u2060n'],
  ['byte-order mark', 'An\uFEFFn'],
  ['soft hyphen', 'An\u00ADn'],
  ['NUL', 'Ann\u0000'],
  ['bell', 'Ann\u0007'],
  ['escape (terminal colours)', 'Ann\u001B[31m'],
  ['tab inside', 'Ann\tBob'],
  ['newline inside', 'Ann\nBob'],
  ['DEL', 'Ann\u007F'],
  ['C1 next line', 'Ann\u0085Bob'],
  ['C1 control sequence introducer', 'Ann\u009B31m'],
  ['line separator', 'Ann\u2028Bob'],
  ['paragraph separator', 'Ann\u2029Bob'],
  ['Hangul filler (an invisible name)', '\u3164'],
  ['lone surrogate', 'Ann\uD800'],
  ['tag characters outside a flag', 'Ann\u{E0041}'],
];

const GOOD_NAMES = [
  'Ann',
  'Zoë O’Brien-Smith',
  '李小龙',
  'محمد علي',
  'שרה כהן',
  'Ana 👩‍💻',
  'Family 👨‍👩‍👧',
  'Kay 👍🏽',
  'Iain 🏴󠁧󠁢󠁳󠁣󠁴󠁿',
  'Zed"><script>alert(1)</script>',
];

/** Every form that takes a person's name, with the rest of a valid submission. */
const NAME_FORMS: [string, z.ZodType, Record<string, unknown>][] = [
  ['sign-up', signUpInput, { email: 'ann@example.test', password: 'long enough password' }],
  ['setup', setupInput, { email: 'ann@example.test', password: 'long enough password', token: 't' }],
  ['profile', profileInput, { handle: 'ann', bio: null, website: null }],
  ['visitor comment', visitorCommentInput, { post_id: '1', parent_id: '', body: 'Hi', email: 'a@example.test' }],
  ['visitor wish', wishInput, { board_date: '2026-12-04', body: 'A wish', email: 'a@example.test' }],
  ['visitor offer', offerInput, { wish_id: '1', kind: 'skill', body: 'An offer', email: 'a@example.test' }],
];

describe('the display-name rule', () => {
  it.each(HOSTILE_NAMES)('refuses a name with a %s', (_shape, name) => {
    expect(isCleanName(name)).toBe(false);
  });

  it.each(GOOD_NAMES)('accepts %j', (name) => {
    expect(isCleanName(name)).toBe(true);
  });
});

describe.each(NAME_FORMS)('the %s form', (_form, schema, rest) => {
  it.each(HOSTILE_NAMES)('refuses a name with a %s, beside the name field', (_shape, name) => {
    const result = schema.safeParse({ ...rest, name });
    expect(result.success).toBe(false);
    expect(new Set(result.error!.issues.map((i) => i.path[0]))).toEqual(new Set(['name']));
    expect(result.error!.issues[0]!.message).toMatch(/characters/);
  });

  it.each(GOOD_NAMES)('takes %j', (name) => {
    const result = schema.safeParse({ ...rest, name });
    expect(result.error?.issues ?? []).toEqual([]);
  });
});

describe('names in src/lib', () => {
  it('are all taken through requiredName or optionalName, never plain text fields', () => {
    const root = join(import.meta.dirname, '../../src/lib');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const plain = files.filter((f) =>
      /\b(?:requiredText|optionalText)\(\s*'[^']*Name'/.test(readFileSync(join(root, f), 'utf8')),
    );
    expect(plain).toEqual([]);
  });
});
