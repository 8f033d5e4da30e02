// What the wish board's forms accept, as Astro hands form fields to zod (empty fields arrive as null).
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/lib/errors.ts';
import {
  acceptInput,
  cheerInput,
  grantInput,
  moderateInput,
  offerInput,
  promptInput,
  reminderInput,
  wishInput,
} from '../../src/lib/wishes/input.ts';
import { parseInput } from '../../src/lib/validation.ts';

function fieldsOf(schema: Parameters<typeof parseInput>[0], input: unknown): Record<string, string> {
  try {
    parseInput(schema, input);
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  return {};
}

describe('the wish form', () => {
  it('trims the wish and keeps visitor fields optional', () => {
    expect(
      parseInput(wishInput, { board_date: '2026-11-25', body: '  I wish\r\nfor rain  ', name: null, email: null }),
    ).toEqual({
      board_date: '2026-11-25',
      body: 'I wish\nfor rain',
      blog_url: null,
      name: null,
      email: null,
      share_on_fediverse: false,
    });
  });
  it('lower-cases a visitor email and refuses a malformed one', () => {
    expect(
      parseInput(wishInput, { board_date: '2026-11-25', body: 'x', name: 'Vi', email: ' Vi@Example.ORG ' }).email,
    ).toBe('vi@example.org');
    expect(fieldsOf(wishInput, { board_date: '2026-11-25', body: 'x', email: 'vi@' }).email).toMatch(/email address/);
  });
  it('refuses an empty, whitespace-only, over-long or control-character wish', () => {
    const base = { board_date: '2026-11-25' };
    expect(fieldsOf(wishInput, { ...base, body: null }).body).toBe('Your wish is required.');
    expect(fieldsOf(wishInput, { ...base, body: ' \n ' }).body).toBe('Your wish is required.');
    expect(fieldsOf(wishInput, { ...base, body: 'a'.repeat(1001) }).body).toBe(
      'Your wish must be at most 1,000 characters.',
    );
    expect(fieldsOf(wishInput, { ...base, body: 'a'.repeat(1000) })).toEqual({});
    expect(fieldsOf(wishInput, { ...base, body: 'bell\u0007' }).body).toMatch(/not allowed/);
  });
  it('needs a real board date', () => {
    expect(fieldsOf(wishInput, { body: 'x' }).board_date).toMatch(/missing its board date/);
    expect(fieldsOf(wishInput, { body: 'x', board_date: '2026-02-30' }).board_date).toMatch(/invalid board date/);
    expect(fieldsOf(wishInput, { body: 'x', board_date: '../../etc' }).board_date).toMatch(/invalid board date/);
  });
});

describe('the offer form', () => {
  const base = { wish_id: '12', kind: 'introduction', body: 'I know someone.' };
  it('accepts the five kinds and coerces the wish id', () => {
    for (const kind of ['encouragement', 'introduction', 'referral', 'skill', 'resource']) {
      expect(parseInput(offerInput, { ...base, kind })).toMatchObject({ wish_id: 12, kind });
    }
  });
  it('refuses an unknown or missing kind with a message naming the kinds', () => {
    expect(fieldsOf(offerInput, { ...base, kind: 'money' }).kind).toBe(
      'Choose a kind of support: encouragement, introduction, referral, skill or resource.',
    );
    expect(fieldsOf(offerInput, { ...base, kind: null }).kind).toMatch(/Choose a kind/);
  });
  it('refuses forged ids', () => {
    for (const wish_id of ['0', '-3', '1.5', 'abc', '99999999999', null]) {
      expect(fieldsOf(offerInput, { ...base, wish_id }).wish_id).toBe('Missing or invalid id.');
    }
  });
  it('limits the message to 1,000 characters', () => {
    expect(fieldsOf(offerInput, { ...base, body: 'b'.repeat(1001) }).body).toBe(
      'Your offer must be at most 1,000 characters.',
    );
  });
});

describe('the other board forms', () => {
  it('cheer and accept need ids; grant takes an optional note', () => {
    expect(parseInput(cheerInput, { wish_id: '5', board_date: null })).toEqual({ wish_id: 5, board_date: null });
    expect(fieldsOf(acceptInput, { offer_id: 'x' }).offer_id).toBe('Missing or invalid id.');
    expect(parseInput(grantInput, { wish_id: '5', thank_you: '   ' })).toEqual({
      wish_id: 5,
      thank_you: null,
      blog_url: null,
    });
    expect(fieldsOf(grantInput, { wish_id: '5', thank_you: 't'.repeat(1001) }).thank_you).toMatch(/at most 1,000/);
  });
  it('moderation takes only the three decisions on wishes and offers', () => {
    expect(parseInput(moderateInput, { target: 'offer', id: '3', status: 'spam' })).toEqual({
      target: 'offer',
      id: 3,
      status: 'spam',
    });
    expect(fieldsOf(moderateInput, { target: 'offer', id: '3', status: 'pending' }).status).toMatch(/approve, spam/);
    expect(fieldsOf(moderateInput, { target: 'comment', id: '3', status: 'spam' }).target).toBeTruthy();
  });
  it('an empty prompt means the default; the reminder defaults to off', () => {
    expect(parseInput(promptInput, { wish_date: '2026-12-02', prompt: null })).toEqual({
      wish_date: '2026-12-02',
      prompt: null,
    });
    expect(fieldsOf(promptInput, { wish_date: '2026-12-02', prompt: 'p'.repeat(301) }).prompt).toMatch(/at most 300/);
    expect(parseInput(reminderInput, {})).toEqual({ wish_reminder: false });
    expect(parseInput(reminderInput, { wish_reminder: true })).toEqual({ wish_reminder: true });
  });
});
