import { describe, expect, it } from 'vitest';
import {
  accountCommentInput,
  editCommentInput,
  moderationInput,
  visitorCommentInput,
} from '../../src/lib/comments/input.ts';
import { areCommentsOpen, isPostVisible, isWithinEditWindow, statusAfterEdit } from '../../src/lib/comments/policy.ts';
import { ValidationError } from '../../src/lib/errors.ts';
import { settingsFromForm } from '../../src/lib/settings/input.ts';
import { parseInput } from '../../src/lib/validation.ts';

function fieldErrors(schema: Parameters<typeof parseInput>[0], input: unknown): Record<string, string> {
  try {
    parseInput(schema, input);
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  return {};
}

const visitor = { post_id: '3', parent_id: null, body: 'Hello *there*', name: 'Vera', email: 'Vera@Example.org' };

describe('comment input', () => {
  it('accepts a visitor comment, normalising email and website', () => {
    const parsed = parseInput(visitorCommentInput, { ...visitor, website: 'example.org/me' });
    expect(parsed).toMatchObject({ post_id: 3, parent_id: null, email: 'vera@example.org' });
    expect(parsed.website).toBe('https://example.org/me');
    expect(parseInput(visitorCommentInput, { ...visitor, website: null }).website).toBeNull();
  });

  it('asks visitors for a name and a real email, never for accounts', () => {
    expect(fieldErrors(visitorCommentInput, { ...visitor, name: null, email: 'nope' })).toEqual({
      name: 'Name is required.',
      email: 'Enter an email address like name@example.com.',
    });
    expect(fieldErrors(accountCommentInput, { post_id: '3', body: 'Hi' })).toEqual({});
  });

  it('refuses websites that are not http(s)', () => {
    for (const website of ['javascript:alert(1)', 'data:text/html,x', 'ftp://example.org', 'localhost']) {
      expect(fieldErrors(visitorCommentInput, { ...visitor, website })).toHaveProperty('website');
    }
  });

  it('refuses an empty body, more than 10,000 characters and control characters', () => {
    expect(fieldErrors(accountCommentInput, { post_id: '1', body: '   ' }).body).toBe('Comment is required.');
    expect(fieldErrors(accountCommentInput, { post_id: '1', body: null }).body).toBe('Comment is required.');
    expect(fieldErrors(accountCommentInput, { post_id: '1', body: 'x'.repeat(10_001) }).body).toBe(
      'Comment must be at most 10,000 characters.',
    );
    expect(fieldErrors(accountCommentInput, { post_id: '1', body: 'x'.repeat(10_000) })).toEqual({});
    expect(fieldErrors(accountCommentInput, { post_id: '1', body: 'bell\u0007' }).body).toMatch(/not allowed/);
    expect(fieldErrors(accountCommentInput, { post_id: '1', body: 'tab\tand\r\nnewline' })).toEqual({});
  });

  it('refuses forged ids and treats an empty parent as none', () => {
    for (const id of ['abc', '-1', '0', '1.5', '99999999999', null]) {
      expect(fieldErrors(accountCommentInput, { post_id: id, body: 'Hi' })).toHaveProperty('post_id');
    }
    for (const id of ['abc', '-1', '2147483648']) {
      expect(fieldErrors(accountCommentInput, { post_id: '1', parent_id: id, body: 'Hi' })).toHaveProperty('parent_id');
    }
    expect(parseInput(accountCommentInput, { post_id: '1', parent_id: '', body: 'Hi' }).parent_id).toBeNull();
    expect(parseInput(accountCommentInput, { post_id: '1', parent_id: '7', body: 'Hi' }).parent_id).toBe(7);
    expect(fieldErrors(editCommentInput, { id: 'x', body: 'Hi' })).toHaveProperty('id');
  });

  it('needs a selection and a known decision for moderation', () => {
    expect(parseInput(moderationInput, { ids: ['4', '5'], decision: 'spam' })).toEqual({
      ids: [4, 5],
      decision: 'spam',
    });
    expect(fieldErrors(moderationInput, { ids: [], decision: 'approve' }).ids).toBe('Select at least one comment.');
    expect(fieldErrors(moderationInput, { ids: ['1'], decision: 'publish' })).toHaveProperty('decision');
  });
});

describe('settings form', () => {
  it('reads word lists, an optional day count and the thread depth', () => {
    expect(
      settingsFromForm({
        moderation_words: 'Casino, free money\nfree money',
        blocked_words: null,
        close_comments_after_days: '',
        thread_depth: '3',
      }),
    ).toEqual({
      moderationWords: ['casino', 'free money'],
      blockedWords: [],
      closeCommentsAfterDays: null,
      threadDepth: 3,
    });
    expect(settingsFromForm({ close_comments_after_days: '30', thread_depth: '5' }).closeCommentsAfterDays).toBe(30);
  });

  it('refuses depths and day counts out of range', () => {
    expect(() => settingsFromForm({ thread_depth: '0' })).toThrow(ValidationError);
    expect(() => settingsFromForm({ thread_depth: '11' })).toThrow(ValidationError);
    expect(() => settingsFromForm({ thread_depth: '5', close_comments_after_days: '-3' })).toThrow(ValidationError);
    expect(() => settingsFromForm({ thread_depth: 'deep' })).toThrow(ValidationError);
  });
});

describe('comment policy', () => {
  const now = new Date('2026-06-10T12:00:00Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

  it('closes comments by the post switch or by age when the setting is on', () => {
    const post = { publishedAt: daysAgo(10), commentsClosed: false };
    expect(areCommentsOpen(post, { closeCommentsAfterDays: null }, now)).toBe(true);
    expect(areCommentsOpen({ ...post, commentsClosed: true }, { closeCommentsAfterDays: null }, now)).toBe(false);
    expect(areCommentsOpen(post, { closeCommentsAfterDays: 14 }, now)).toBe(true);
    expect(areCommentsOpen(post, { closeCommentsAfterDays: 10 }, now)).toBe(false);
  });

  it('sees a post once it is not a draft and its time has come', () => {
    expect(isPostVisible({ status: 'published', publishedAt: daysAgo(1) }, now)).toBe(true);
    expect(isPostVisible({ status: 'scheduled', publishedAt: daysAgo(-1) }, now)).toBe(false);
    expect(isPostVisible({ status: 'draft', publishedAt: daysAgo(1) }, now)).toBe(false);
  });

  it('allows edits for 15 minutes', () => {
    expect(isWithinEditWindow(new Date(now.getTime() - 15 * 60_000), now)).toBe(true);
    expect(isWithinEditWindow(new Date(now.getTime() - 15 * 60_000 - 1), now)).toBe(false);
  });

  it('lets an edit hold or flag a comment, never release it', () => {
    expect(statusAfterEdit('approved', 'pending')).toBe('pending');
    expect(statusAfterEdit('approved', 'approved')).toBe('approved');
    expect(statusAfterEdit('pending', 'approved')).toBe('pending');
    expect(statusAfterEdit('pending', 'spam')).toBe('spam');
  });
});
