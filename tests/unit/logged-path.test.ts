// The request log's path: never a query, never a token in a path segment.
import { describe, expect, it } from 'vitest';
import { loggedPath } from '../../src/server/http/logged-path.ts';

const TOKEN = 'Ab3_-xYz'.repeat(5) + 'Q9z'; // 43 characters, as newToken(32) makes

describe('loggedPath', () => {
  it('drops the query, where reset, verification and unsubscribe tokens travel', () => {
    expect(loggedPath(`/reset?token=${TOKEN}`)).toBe('/reset');
    expect(loggedPath(`/verify?token=${TOKEN}&x=1`)).toBe('/verify');
    expect(loggedPath(`/unsubscribe#${TOKEN}`)).toBe('/unsubscribe');
  });

  it('hides the token of a manage link, whatever follows it or however it is written', () => {
    expect(loggedPath(`/wishes/manage/${TOKEN}`)).toBe('/wishes/manage/[token]');
    expect(loggedPath(`/wishes/manage/${TOKEN}/?_action=wishLoop.message`)).toBe('/wishes/manage/[token]/');
    expect(loggedPath(`/Wishes/Manage/${TOKEN.toLowerCase()}`)).toBe('/Wishes/Manage/[token]');
    expect(loggedPath('/wishes/manage/short')).toBe('/wishes/manage/[token]');
  });

  it('hides any token-shaped segment, and keeps ordinary paths whole', () => {
    expect(loggedPath(`/some/new/route/${TOKEN}`)).toBe('/some/new/route/[token]');
    expect(loggedPath('/posts/welcome-to-wishcast-and-a-very-long-slug-indeed')).toBe(
      '/posts/welcome-to-wishcast-and-a-very-long-slug-indeed',
    );
    expect(loggedPath('/wishes/2026-11-25/42')).toBe('/wishes/2026-11-25/42');
    expect(loggedPath('/')).toBe('/');
  });
});
