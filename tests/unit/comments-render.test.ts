// The thread rendered as one HTML string by a pure function: nesting, names,
// times, links and controls as the page showed them with Astro components.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeThread,
  renderThread,
  renderThreadHtml,
  withOwnControls,
  withOwnControlsEncoded,
  type ThreadRenderOptions,
} from '../../src/lib/comments/render.ts';
import type { ThreadComment } from '../../src/lib/comments/thread.ts';
import { buildThread } from '../../src/lib/comments/tree.ts';

const T0 = Date.parse('2026-07-01T12:00:00Z');
const OPEN: ThreadRenderOptions = { open: true, timeZone: 'Europe/Berlin' };
const ANN = 'user-ann';
const BEN = 'user-ben';

function comment(id: number, parentId: number | null, extra: Partial<ThreadComment> = {}): ThreadComment {
  const at = new Date(T0 + id * 60_000);
  return {
    id,
    parentId,
    authorName: id % 2 ? 'Ann' : 'Ben',
    authorUrl: null,
    authorHandle: null,
    authorAvatar: null,
    bodyHtml: `<p>Comment ${id}</p>`,
    status: 'approved',
    byAuthor: false,
    userId: id % 2 ? ANN : BEN,
    mine: false,
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}

const nobody = { userId: null, now: new Date(T0) };
const render = (
  rows: ThreadComment[],
  depth = 5,
  options = OPEN,
  viewer: { userId: string | null; now: Date } = nobody,
) => renderThreadHtml(buildThread(rows, depth), viewer, options);

const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'wbr']);

/** Checks the tags balance and returns, for each comment, the comment it sits inside (null at the top). */
function articleParents(html: string): Map<number, number | null> {
  const stack: { tag: string; id: number | null }[] = [];
  const parents = new Map<number, number | null>();
  for (const m of html.matchAll(/<(\/?)([a-z][a-z0-9]*)\b([^>]*)>/g)) {
    const [, closing, tag] = m as unknown as [string, string, string, string];
    if (VOID.has(tag)) continue;
    if (closing) {
      expect(stack.pop()?.tag, `unbalanced </${tag}>`).toBe(tag);
      continue;
    }
    const id = tag === 'article' ? Number(/id="comment-(\d+)"/.exec(m[3]!)![1]) : null;
    if (id !== null) parents.set(id, [...stack].reverse().find((s) => s.tag === 'article')?.id ?? null);
    stack.push({ tag, id });
  }
  expect(stack).toEqual([]);
  return parents;
}

/** The part of the page about one comment, up to its first reply. */
function own(html: string, id: number): string {
  const start = html.indexOf(`<article id="comment-${id}"`);
  expect(start).toBeGreaterThanOrEqual(0);
  const next = html.indexOf('<article', start + 1);
  const end = html.indexOf('</article>', start);
  return html.slice(start, next === -1 ? end : Math.min(next, end));
}

describe('renderThreadHtml', () => {
  it('nests each reply inside the comment it answers', () => {
    const html = render([comment(1, null), comment(2, 1), comment(3, 2), comment(4, null), comment(5, 1)]);
    expect(Object.fromEntries(articleParents(html))).toEqual({ 1: null, 2: 1, 3: 2, 4: null, 5: 1 });
  });

  it('shows "<name> said…", the time in the site zone as a permalink, and the body as stored', () => {
    const html = render([comment(1, null, { bodyHtml: '<p>Hi <em>there</em></p>' })]);
    expect(own(html, 1)).toContain(
      '<header><b class="cm-name">Ann</b> said… <a class="cm-link" href="#comment-1">' +
        '<time datetime="2026-07-01T12:01:00.000Z">1 July 2026 at 14:01</time></a></header>',
    );
    expect(own(html, 1)).toContain('<div class="cm-body"><p>Hi <em>there</em></p></div>');
    expect(render([comment(1, null)], 5, { open: true, timeZone: 'America/New_York' })).toContain(
      '>1 July 2026 at 08:01</time>',
    );
  });

  it('links the name to the writer’s website, nofollow', () => {
    const html = render([comment(1, null, { authorUrl: 'https://ann.example/' })]);
    expect(html).toContain(
      '<b class="cm-name"><a href="https://ann.example/" rel="nofollow ugc noopener">Ann</a></b> said…',
    );
  });

  it('links a member’s name to their profile, and a former member’s to nothing', () => {
    const member = render([comment(1, null, { authorHandle: 'ann-smith' })]);
    expect(member).toContain('<b class="cm-name"><a href="/people/ann-smith">Ann</a></b> said…');
    const former = render([comment(1, null, { authorName: 'a former member', userId: null })]);
    expect(former).toContain('<b class="cm-name">a former member</b> said…');
  });

  it('shows a member’s picture (or identicon) beside their name, decorative; nothing for visitors', () => {
    const identicon = render([comment(1, null, { authorHandle: 'ann-smith' })]);
    expect(identicon).toContain(
      '<header><img src="/people/ann-smith/avatar.svg" alt="" width="32" height="32" class="cm-avatar" loading="lazy"><b class="cm-name">',
    );
    const key = `${'b'.repeat(32)}.jpg`;
    const picture = render([
      comment(1, null, {
        authorHandle: 'ann-smith',
        authorAvatar: [{ key, format: 'jpeg', width: 64, height: 64, bytes: 900 }],
      }),
    ]);
    expect(picture).toContain(
      `<header><picture><img src="/media/${key}" srcset="/media/${key} 64w" sizes="32px" alt=""`,
    );
    expect(render([comment(1, null, {})])).not.toMatch(/<img|<picture/);
  });

  it('escapes every name and address, in text and in attributes', () => {
    const evil = `<img src=x onerror=alert(1)> & "Bob's"`;
    const rows = [
      comment(1, null, { authorName: evil, authorUrl: 'https://x.example/?a=1&b="><script>alert(1)</script>' }),
      comment(2, 1, { authorName: 'Ben' }),
    ];
    const html = render(rows, 1);
    const escaped = '&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Bob&#39;s&quot;';
    expect(html).toContain(`>${escaped}</a></b> said…`);
    expect(html).toContain('href="https://x.example/?a=1&amp;b=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain(`<span class="visually-hidden"> to ${escaped}</span>`);
    expect(html).toContain(`in reply to <a href="#comment-1">${escaped}</a>`);
    expect(html).not.toMatch(/<img|<script/);
    articleParents(html);
  });

  it('offers a Reply link that works without JavaScript, naming whom it answers, only while open', () => {
    const rows = [comment(1, null)];
    expect(render(rows)).toContain(
      '<p class="cm-acts"><a href="?replyto=1#comment-form">Reply<span class="visually-hidden"> to Ann</span></a>' +
        ' <a href="/report?comment=1">Report</a></p>',
    );
    const closed = render(rows, 5, { ...OPEN, open: false });
    expect(closed).not.toContain('Reply');
    expect(closed).not.toContain('cm-acts');
  });

  it('marks the author’s comments with a badge', () => {
    const html = render([comment(1, null, { byAuthor: true, authorName: 'Alma' }), comment(2, null)]);
    expect(own(html, 1)).toContain('<article id="comment-1" class="cm cm-by">');
    expect(own(html, 1)).toContain('said… <span class="cm-badge">author</span>');
    expect(own(html, 2)).not.toContain('author');
  });

  it('shows replies beyond the depth cap at the cap, saying whom they answer', () => {
    const rows = [comment(1, null), comment(2, 1), comment(3, 2), comment(4, 3, { status: 'deleted' }), comment(5, 4)];
    const html = render(rows, 2);
    expect(Object.fromEntries(articleParents(html))).toEqual({ 1: null, 2: 1, 3: 1, 4: 1, 5: 1 });
    expect(own(html, 3)).toContain('<p class="cm-note">in reply to <a href="#comment-2">Ben</a></p>');
    expect(own(html, 5)).toContain('in reply to <a href="#comment-4">a deleted comment</a>');
    expect(own(html, 2)).not.toContain('in reply to');
  });

  it('keeps a deleted comment’s place, and nothing of what it said', () => {
    const rows = [comment(1, null, { status: 'deleted', authorName: 'Gone', bodyHtml: '' }), comment(2, 1)];
    const html = render(rows, 5, OPEN, { userId: ANN, now: new Date(T0) });
    expect(own(html, 1)).toBe(
      '<article id="comment-1" class="cm cm-gone"><p class="cm-note">This comment was deleted.</p>',
    );
    expect(articleParents(html).get(2)).toBe(1);
  });

  it('marks a held comment as awaiting moderation, with no Reply link', () => {
    const html = render([comment(1, null, { status: 'pending', userId: null })]);
    expect(own(html, 1)).toContain('<article id="comment-1" class="cm cm-held">');
    expect(own(html, 1)).toContain('<p class="notice small cm-wait">Your comment is awaiting moderation.</p>');
    expect(html).not.toContain('Reply');
  });

  it('gives writers Edit for 15 minutes and Delete on their own comments, and nobody else', () => {
    const rows = [comment(1, null), comment(2, 1), comment(3, null, { status: 'spam' }), comment(5, 2)];
    const at = (minutes: number) => new Date(T0 + minutes * 60_000);
    const early = render(rows, 5, OPEN, { userId: ANN, now: at(10) });
    expect(own(early, 1)).toContain(
      '</a><a href="/comments/1/edit">Edit</a><a href="/comments/1/delete">Delete</a></p>',
    );
    expect(own(early, 5)).toContain('<a href="/comments/5/edit">Edit</a><a href="/comments/5/delete">Delete</a>');
    // Held: no Reply link, so the links stand in a paragraph of their own.
    expect(own(early, 3)).toContain(
      '<div class="cm-body"><p>Comment 3</p></div><p class="cm-acts"><a href="/comments/3/edit">Edit</a>',
    );
    expect(own(early, 2)).not.toMatch(/Edit|Delete/);

    const late = render(rows, 5, OPEN, { userId: ANN, now: at(21) });
    expect(late).not.toContain('Edit');
    expect(own(late, 1)).toContain('<a href="/comments/1/delete">Delete</a>');

    const ben = render(rows, 5, OPEN, { userId: BEN, now: at(3) });
    expect(own(ben, 2)).toContain('<a href="/comments/2/delete">Delete</a>');
    expect(own(ben, 1)).not.toContain('Delete');
    expect(render(rows, 5, OPEN, { userId: null, now: at(1) })).not.toMatch(/Edit|Delete/);

    const closed = render(rows, 5, { ...OPEN, open: false }, { userId: ANN, now: at(21) });
    expect(own(closed, 1)).toContain('</div><p class="cm-acts"><a href="/comments/1/delete">Delete</a></p>');
    articleParents(early);
    articleParents(closed);
  });

  it('grows linearly: 2,000 comments take ten times the markup of 200', () => {
    const thread = (n: number) =>
      Array.from({ length: n }, (_, i) => comment(i + 1, i % 3 === 0 ? null : i - (i % 3) + 1));
    const small = render(thread(200)).length;
    const large = render(thread(2000)).length;
    expect(large / small).toBeGreaterThan(9.5);
    expect(large / small).toBeLessThan(10.5);
    // About what a comment costs besides its text: compact markup, no per-element attributes.
    expect(small / 200).toBeLessThan(420);
  });
});

describe('one rendering shared by every viewer', () => {
  const name = fc.oneof(fc.constantFrom('Ann', 'Zoë', 'Łukasz 🌱', '李雷', '<b>&'), fc.string({ maxLength: 12 }));
  const rowsArb = fc
    .array(
      fc.record({
        parent: fc.nat(),
        top: fc.boolean(),
        status: fc.constantFrom('approved', 'approved', 'approved', 'pending', 'deleted') as fc.Arbitrary<
          ThreadComment['status']
        >,
        writer: fc.constantFrom(ANN, BEN, null),
        name,
        body: fc.constantFrom('<p>ok</p>', '<p>naïve café — “quoted”</p>', '<p>🎉</p>'),
      }),
      { maxLength: 40 },
    )
    .map((specs) =>
      specs.map((s, i) =>
        comment(i + 1, i === 0 || s.top ? null : (s.parent % i) + 1, {
          status: s.status,
          userId: s.writer,
          authorName: s.name,
          bodyHtml: s.body,
        }),
      ),
    );

  it('with the viewer’s controls filled in equals rendering for that viewer, as text and as UTF-8', () => {
    fc.assert(
      fc.property(
        rowsArb,
        fc.constantFrom(ANN, BEN, null),
        fc.integer({ min: 0, max: 60 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 5 }),
        (rows, userId, minutes, open, depth) => {
          const nodes = buildThread(rows, depth);
          const options = { open, timeZone: 'Europe/Berlin' };
          const viewer = { userId, now: new Date(T0 + minutes * 60_000) };
          const shared = renderThread(nodes, options);
          const direct = renderThreadHtml(nodes, viewer, options);
          expect(withOwnControls(shared, viewer)).toBe(direct);
          expect(Buffer.from(withOwnControlsEncoded(encodeThread(shared), viewer)).toString('utf8')).toBe(direct);
          // Nobody's controls show to anyone else.
          const deletes = [...direct.matchAll(/\/comments\/(\d+)\/delete/g)].map((m) => Number(m[1]));
          const theirs = rows.filter((r) => userId !== null && r.userId === userId).map((r) => r.id);
          for (const id of deletes) expect(theirs).toContain(id);
          articleParents(direct);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('returns the shared rendering itself to viewers with nothing of their own in it', () => {
    const shared = encodeThread(renderThread(buildThread([comment(1, null), comment(2, 1)], 5), OPEN));
    expect(withOwnControlsEncoded(shared, { userId: 'someone-else', now: new Date(T0) })).toBe(shared.html);
    expect(withOwnControlsEncoded(shared, nobody)).toBe(shared.html);
  });
});
