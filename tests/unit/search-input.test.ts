// Search's pure parts: what is made of a typed query and page, safe highlighted
// excerpts whatever the text, and suggestions when nothing is found.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headlineToHtml, START_MARK, STOP_MARK } from '../../src/lib/search/highlight.ts';
import { cleanQuery, MAX_PAGE, MAX_QUERY_LENGTH, readSearchRequest, searchHref } from '../../src/lib/search/input.ts';
import { plainWords, suggestFromWords } from '../../src/lib/search/suggest.ts';

const read = (params: Record<string, string>) => readSearchRequest(new URLSearchParams(params));

describe('search request', () => {
  it('cleans the words: spaces collapsed, control characters and NUL gone, unicode kept', () => {
    expect(read({ q: '  garden \t\n  club ' })).toEqual({ query: 'garden club', page: 1, notice: null });
    expect(read({ q: 'a\u0000b\u0007c' }).query).toBe('a b c');
    expect(read({ q: 'Cafe\u0301 💐' }).query).toBe('Café 💐');
    expect(read({ q: 'lone \ud800 surrogate' }).query).toBe('lone \ufffd surrogate');
    expect(read({}).query).toBe('');
  });

  it('shortens long searches at a word and says so', () => {
    const long = read({ q: 'word '.repeat(5000) });
    expect(long.query.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    expect(long.query.endsWith('word')).toBe(true);
    expect(long.notice).toMatch(/limited to 200 characters/);
    expect(cleanQuery('x'.repeat(300)).query).toHaveLength(MAX_QUERY_LENGTH);
    // Characters, not UTF-16 halves: an emoji is never cut in two.
    expect(cleanQuery('💐'.repeat(300)).query).toBe('💐'.repeat(MAX_QUERY_LENGTH));
  });

  it('reads the page leniently: junk is page 1, deep pages stop at the last one offered', () => {
    expect(read({ q: 'x', page: '3' }).page).toBe(3);
    for (const page of ['0', '-2', 'two', '1e3', '', '9'.repeat(40)]) expect(read({ q: 'x', page }).page).toBe(1);
    expect(read({ q: 'x', page: '999' }).page).toBe(MAX_PAGE);
  });

  it('never throws, whatever the address holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ maxLength: 20 }), (q, page) => {
        const request = read({ q, page });
        expect(request.query.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
        // eslint-disable-next-line no-control-regex -- control characters are what must be gone
        expect(request.query).not.toMatch(/[\u0000-\u001f]/);
        expect(request.page).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  it('builds links to searches', () => {
    expect(searchHref('a & b', 2)).toBe('/search?q=a+%26+b&page=2');
    expect(searchHref('plain')).toBe('/search?q=plain');
  });
});

describe('highlighted excerpts', () => {
  const hit = (s: string) => `${START_MARK}${s}${STOP_MARK}`;

  it('escapes the text and turns only our markers into <mark>', () => {
    expect(headlineToHtml(`a ${hit('garden')} <script>alert(1)</script>`, { fromHtml: false })).toBe(
      'a <mark>garden</mark> &lt;script&gt;alert(1)&lt;/script&gt;',
    );
    expect(headlineToHtml(`${hit('Tom &amp; Jerry')} &lt;b&gt; &quot;hi&quot; &#39;x&#39;`, { fromHtml: true })).toBe(
      '<mark>Tom &amp; Jerry</mark> &lt;b&gt; &quot;hi&quot; &#39;x&#39;',
    );
    // Unbalanced or nested markers are dropped, never left as raw control characters.
    expect(headlineToHtml(`${START_MARK}open ${hit('x')} ${STOP_MARK}`, { fromHtml: false })).toBe(
      'open <mark>x</mark>',
    );
  });

  it('yields no element but <mark> from any text at all', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constantFrom(START_MARK, STOP_MARK, '<', '>', '&', '"', '&lt;'))),
        (parts) => {
          for (const fromHtml of [true, false]) {
            const html = headlineToHtml(parts.join(''), { fromHtml });
            // eslint-disable-next-line no-control-regex -- our markers must never reach the page
            expect(html.replace(/<\/?mark>/g, '')).not.toMatch(/[<>\u0002\u0003]/);
            expect(html.match(/<mark>/g)?.length ?? 0).toBe(html.match(/<\/mark>/g)?.length ?? 0);
          }
        },
      ),
    );
  });
});

describe('suggestions', () => {
  it('offers each word alone, and the words without quotes or exclusions', () => {
    expect(plainWords('"garden club" -weeds or (roses)')).toEqual(['garden', 'club', 'roses']);
    expect(suggestFromWords('"garden club" -weeds')).toEqual({
      fewerWords: [
        { label: 'garden', href: '/search?q=garden' },
        { label: 'club', href: '/search?q=club' },
      ],
      looser: { label: 'garden club', href: '/search?q=garden+club' },
    });
    expect(suggestFromWords('garden')).toEqual({ fewerWords: [], looser: null });
    expect(suggestFromWords('a b c d e f g').fewerWords).toEqual([]);
  });
});
