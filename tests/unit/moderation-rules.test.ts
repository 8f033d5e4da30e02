import { describe, expect, it } from 'vitest';
import { decideStatus, type ModerationInput } from '../../src/lib/moderation/rules.ts';
import { parseWordList } from '../../src/lib/settings/settings.ts';

const base: ModerationInput = {
  contributor: 'reader',
  text: 'Thanks for this post',
  linkCount: 0,
  previouslyApproved: false,
  settings: { moderationWords: ['casino'], blockedWords: ['cheap pills'] },
};

describe('decideStatus', () => {
  it('publishes a signed-in reader at once', () => {
    expect(decideStatus(base)).toBe('approved');
  });
  it('holds a first-time visitor, trusts a previously approved one', () => {
    expect(decideStatus({ ...base, contributor: 'visitor' })).toBe('pending');
    expect(decideStatus({ ...base, contributor: 'visitor', previouslyApproved: true })).toBe('approved');
  });
  it('holds an account whose email is unconfirmed as a first-time visitor, until an item of it is published', () => {
    expect(decideStatus({ ...base, contributor: 'unconfirmed' })).toBe('pending');
    expect(decideStatus({ ...base, contributor: 'unconfirmed', previouslyApproved: true })).toBe('approved');
  });
  it('holds two or more links and moderation words, even from readers', () => {
    expect(decideStatus({ ...base, linkCount: 2 })).toBe('pending');
    expect(decideStatus({ ...base, linkCount: 1 })).toBe('approved');
    expect(decideStatus({ ...base, text: 'Best CASINO in town' })).toBe('pending');
  });
  it('marks blocked words as spam', () => {
    expect(decideStatus({ ...base, text: 'buy Cheap Pills now' })).toBe('spam');
    expect(decideStatus({ ...base, contributor: 'visitor', previouslyApproved: true, text: 'cheap pills' })).toBe(
      'spam',
    );
  });
  it('never holds the author', () => {
    expect(decideStatus({ ...base, contributor: 'author', linkCount: 9, text: 'cheap pills casino' })).toBe('approved');
  });
});

describe('parseWordList', () => {
  it('splits on commas and lines, lower-cases and de-duplicates', () => {
    expect(parseWordList('Spam, cheap pills\n\nspam\n  Free Money ')).toEqual(['spam', 'cheap pills', 'free money']);
  });
});
