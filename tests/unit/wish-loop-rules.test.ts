// Pure rules of the wish loop: who is on which side of a thread, what the
// forms accept, the follow-up weeks setting, manage paths and granted cursors.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/lib/errors.ts';
import { parseWeekList } from '../../src/lib/settings/settings.ts';
import { settingsFromForm } from '../../src/lib/settings/input.ts';
import { parseInput } from '../../src/lib/validation.ts';
import { decodeGrantedCursor, encodeGrantedCursor } from '../../src/lib/wishes/board/granted.ts';
import { offerInput, wishInput } from '../../src/lib/wishes/input.ts';
import { shareInput } from '../../src/lib/wishes/loop/input.ts';
import { manageLinkPath, manageTokenFromPath } from '../../src/lib/wishes/visitors/manage-links.ts';
import {
  isOffererOf,
  isWisherOf,
  NOBODY,
  threadSideOf,
  type Participant,
} from '../../src/lib/wishes/loop/participants.ts';

const alice: Participant = { user: { id: 'a', name: 'Alice', role: 'reader' }, link: null };
const bob: Participant = { user: { id: 'b', name: 'Bob', role: 'reader' }, link: null };
const author: Participant = { user: { id: 'z', name: 'Ada', role: 'author' }, link: null };
const link = (grant: { wishId?: number; rootWishId?: number; offerId?: number }): Participant => ({
  user: null,
  link: {
    tokenHash: 'h',
    wishId: grant.wishId ?? null,
    rootWishId: grant.rootWishId ?? null,
    offerId: grant.offerId ?? null,
  },
});

describe('thread sides', () => {
  const wish = { userId: 'a', rootId: 10 };
  const offer = { id: 7, userId: 'b', acceptedAt: new Date() };

  it('puts the wisher, the offerer and the author on their sides, and nobody else', () => {
    expect(threadSideOf(alice, wish, offer)).toBe('wisher');
    expect(threadSideOf(bob, wish, offer)).toBe('offerer');
    expect(threadSideOf(author, wish, offer)).toBe('author');
    expect(threadSideOf({ user: { id: 'c', name: 'C', role: 'reader' }, link: null }, wish, offer)).toBeNull();
    expect(threadSideOf(NOBODY, wish, offer)).toBeNull();
  });

  it('has no thread under an offer not accepted, even for its two people', () => {
    const open = { ...offer, acceptedAt: null };
    expect([threadSideOf(alice, wish, open), threadSideOf(bob, wish, open), threadSideOf(author, wish, open)]).toEqual([
      null,
      null,
      null,
    ]);
  });

  it('lets a wish link act for every wish of its chain, and an offer link for that offer only', () => {
    expect(isWisherOf(link({ wishId: 12, rootWishId: 10 }), wish)).toBe(true);
    expect(isWisherOf(link({ wishId: 11, rootWishId: 11 }), wish)).toBe(false);
    expect(isWisherOf(link({ offerId: 7 }), wish)).toBe(false);
    expect(isOffererOf(link({ offerId: 7 }), offer)).toBe(true);
    expect(isOffererOf(link({ offerId: 8 }), offer)).toBe(false);
    expect(isOffererOf(link({ wishId: 10, rootWishId: 10 }), offer)).toBe(false);
    // A visitor's wish has no account: nobody signed in owns it.
    expect(isWisherOf(alice, { userId: null, rootId: 10 })).toBe(false);
  });
});

describe('the loop’s form rules', () => {
  it('takes an http(s) blog link only', () => {
    const wish = (blog_url: string | null) => parseInput(wishInput, { board_date: '2026-11-25', body: 'Hi', blog_url });
    expect(wish('https://me.example/post?id=1').blog_url).toBe('https://me.example/post?id=1');
    expect(wish('  ').blog_url).toBeNull();
    expect(wish(null).blog_url).toBeNull();
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,x',
      'ftp://x.example',
      '/relative',
      'https://u:p@x.example',
    ]) {
      expect(() => wish(bad), bad).toThrow(ValidationError);
    }
  });

  it('records where an offer came from, counting anything unknown as the board', () => {
    const offer = (origin: string | null) =>
      parseInput(offerInput, { wish_id: '1', kind: 'skill', body: 'Yes', origin }).origin;
    expect([offer('give_first'), offer('wish_page'), offer(null), offer('admin')]).toEqual([
      'give_first',
      'wish_page',
      'board',
      'board',
    ]);
  });

  it('shares a website only when one is given, and an email with nothing typed', () => {
    expect(parseInput(shareInput, { offer_id: '3', what: 'email', website: 'https://ignored.example' })).toEqual({
      offerId: 3,
      what: 'email',
      website: null,
    });
    expect(parseInput(shareInput, { offer_id: '3', what: 'website', website: 'https://me.example' }).website).toBe(
      'https://me.example/',
    );
    expect(() => parseInput(shareInput, { offer_id: '3', what: 'website' })).toThrow(ValidationError);
    expect(() => parseInput(shareInput, { offer_id: '3', what: 'phone' })).toThrow(ValidationError);
  });

  it('reads the follow-up weeks setting', () => {
    expect(parseWeekList('2, 6')).toEqual([2, 6]);
    expect(parseWeekList('6 2 2')).toEqual([2, 6]);
    expect(parseWeekList('')).toEqual([]);
    expect(parseWeekList('0')).toBeNull();
    expect(parseWeekList('53')).toBeNull();
    expect(parseWeekList('two')).toBeNull();
    expect(parseWeekList('1,2,3,4,5,6')).toBeNull();
    expect(settingsFromForm({ thread_depth: '5', follow_up_weeks: '3' }).followUpWeeks).toEqual([3]);
    expect(settingsFromForm({ thread_depth: '5', follow_up_weeks: null }).followUpWeeks).toEqual([]);
    expect('followUpWeeks' in settingsFromForm({ thread_depth: '5' })).toBe(false);
    expect(() => settingsFromForm({ thread_depth: '5', follow_up_weeks: 'soon' })).toThrow(ValidationError);
  });
});

describe('manage paths and granted cursors', () => {
  it('reads the token back from a manage page path only', () => {
    const token = 'A'.repeat(21) + '-_' + 'b'.repeat(20);
    expect(manageTokenFromPath(manageLinkPath(token))).toBe(token);
    expect(manageTokenFromPath(`${manageLinkPath(token)}/`)).toBe(token);
    expect(manageTokenFromPath(`/wishes/2026-11-25/${token}`)).toBeNull();
    expect(manageTokenFromPath(`/wishes/manage/${token}x`)).toBeNull();
    expect(manageTokenFromPath('/wishes/manage/../../admin')).toBeNull();
  });

  it('round-trips a cursor and refuses anything else', () => {
    const cursor = { grantedAt: new Date('2026-12-09T10:00:00.123Z'), id: 42 };
    expect(decodeGrantedCursor(encodeGrantedCursor(cursor))).toEqual(cursor);
    for (const bad of [null, '', '42', '2026-12-09~42', '2026-12-09T10:00:00.123Z~0', '2026-13-09T10:00:00.123Z~4']) {
      expect(decodeGrantedCursor(bad), String(bad)).toBeNull();
    }
  });
});
