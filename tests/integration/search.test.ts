// Search against a real database: what may be found (published posts, approved
// wishes and offers of opened boards) and what never is, ranking, pagination,
// suggestions, and highlighted excerpts that stay safe whatever was written.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModerationStatus } from '../../db/schema.ts';
import { renderMarkdown } from '../../src/lib/markdown/markdown.ts';
import { PAGE_SIZE, readSearchRequest } from '../../src/lib/search/input.ts';
import { CANDIDATES_PER_KIND } from '../../src/lib/search/repo.ts';
import { searchSite, type SearchResults } from '../../src/lib/search/service.ts';
import type { Db } from '../../src/lib/db.ts';
import { openBoard } from '../../src/lib/wishes/board/boards.ts';
import { insertOffer, insertWish } from '../../src/lib/wishes/repo.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makePost } from '../helpers/fixtures.ts';

const NOW = new Date('2026-11-27T12:00:00Z');
const search = (db: Db, q: string, page = 1): Promise<SearchResults> =>
  searchSite(db, readSearchRequest(new URLSearchParams({ q, page: String(page) })), NOW);
const urls = (r: SearchResults) => r.hits.map((h) => h.url);

async function addWish(db: Db, boardId: number, body: string, status: ModerationStatus = 'approved', name = 'Wren') {
  return insertWish(db, {
    boardId,
    userId: null,
    authorName: name,
    authorEmail: null,
    bodyMd: body,
    bodyHtml: renderMarkdown(body, 'strict'),
    status,
    ip: null,
    visitorTokenHash: null,
    now: new Date('2026-11-18T09:00:00Z'),
  });
}

async function addOffer(db: Db, wishId: number, body: string, status: ModerationStatus = 'approved') {
  return insertOffer(db, {
    wishId,
    userId: null,
    authorName: 'Otto',
    authorEmail: null,
    kind: 'skill',
    bodyMd: body,
    bodyHtml: renderMarkdown(body, 'strict'),
    status,
    ip: null,
    visitorTokenHash: null,
    now: new Date('2026-11-18T10:00:00Z'),
  });
}

describe.each(dbTargets)('search on %s', (target) => {
  let t: TestDatabase;
  let oldBoard: number;
  let futureBoard: number;
  let oldWish: number;

  beforeAll(async () => {
    t = await openTestDb(target);
    const db = t.db;
    oldBoard = (await openBoard(db, '2026-11-18', new Date('2026-11-18T00:00:00Z'), 'UTC')).board.id;
    // A board opened "later" than NOW (as a clock moved back would leave it): not shown yet.
    futureBoard = (await openBoard(db, '2026-12-02', new Date('2026-12-02T00:00:00Z'), 'UTC')).board.id;

    await makePost(db, { title: 'Beekeeping for beginners', bodyMd: 'Hives, smoke and patience.' });
    await makePost(db, { title: 'A quiet week', bodyMd: 'We talked about beekeeping at the market.' });
    await makePost(db, { title: 'Beekeeping drafts', bodyMd: 'Not yet.', status: 'draft', publishedAt: null });
    await makePost(db, {
      title: 'Beekeeping tomorrow',
      bodyMd: 'Scheduled.',
      status: 'scheduled',
      publishedAt: new Date('2026-12-01T00:00:00Z'),
    });

    oldWish = await addWish(db, oldBoard, 'I wish to find an allotment near the river.');
    await addWish(db, oldBoard, 'Held allotment wish', 'pending');
    await addWish(db, oldBoard, 'Spam allotment wish', 'spam');
    await addWish(db, oldBoard, 'Deleted allotment wish', 'deleted');
    await addWish(db, futureBoard, 'Future allotment wish');
    await addOffer(db, oldWish, 'I can teach you composting for the allotment.');
    await addOffer(db, oldWish, 'A held allotment offer', 'pending');
    const heldWish = await addWish(db, oldBoard, 'A held wish about gardening', 'pending');
    await addOffer(db, heldWish, 'An approved allotment offer on a held wish');
  });
  afterAll(() => t?.drop());

  it('finds a published post and ranks a title match above a body match', async () => {
    const result = await search(t.db, 'beekeeping');
    expect(urls(result)).toEqual(['/posts/beekeeping-for-beginners', '/posts/a-quiet-week']);
    expect(result.total).toBe(2);
    expect(result.hits[0]!.titleHtml).toBe('<mark>Beekeeping</mark> for beginners');
    expect(result.hits[1]!.excerptHtml).toContain('<mark>beekeeping</mark>');
  });

  it('finds approved wishes and offers of opened boards only, highlighted, with links to them', async () => {
    const result = await search(t.db, 'allotment');
    const offerId = Number(/#offer-(\d+)/.exec(urls(result).find((u) => u.includes('offer')) ?? '')?.[1]);
    expect(urls(result).sort()).toEqual([`/wishes/2026-11-18#offer-${offerId}`, `/wishes/2026-11-18#wish-${oldWish}`]);
    const wish = result.hits.find((h) => h.kind === 'wish')!;
    expect(wish.excerptHtml).toBe('I wish to find an <mark>allotment</mark> near the river.');
    expect(wish.titleHtml).toBe('A wish by Wren');
    expect(wish.context).toBe('Wish board of Wednesday, 18 November 2026');
    expect(result.hits.find((h) => h.kind === 'offer')!.titleHtml).toBe('Skill offered by Otto to Wren');
    for (const word of ['Held', 'Spam', 'Deleted', 'Future', 'held wish']) {
      expect(result.hits.map((h) => h.excerptHtml).join(' ')).not.toContain(word);
    }
  });

  it('finds published pages by title and body, never draft ones', async () => {
    const page = (slug: string, title: string, body: string, status: 'published' | 'draft') =>
      t.db
        .insertInto('pages')
        .values({ slug, title, body_md: body, body_html: `<p>${body}</p>`, status })
        .execute();
    await page('about-harbour', 'About the harbour', 'Boats and nets.', 'published');
    await page('secret-harbour', 'Secret harbour', 'Not yet.', 'draft');
    const result = await search(t.db, 'harbour');
    expect(urls(result)).toEqual(['/about-harbour']);
    expect(result.hits[0]).toMatchObject({
      kind: 'page',
      titleHtml: 'About the <mark>harbour</mark>',
      context: 'Page',
    });
  });

  it('never finds drafts, scheduled posts before their time, or held wishes', async () => {
    expect((await search(t.db, 'drafts')).total).toBe(0);
    expect((await search(t.db, 'tomorrow')).total).toBe(0);
    expect((await search(t.db, 'gardening')).total).toBe(0);
    const later = await searchSite(
      t.db,
      readSearchRequest(new URLSearchParams({ q: 'tomorrow' })),
      new Date('2026-12-02T00:00:00Z'),
    );
    expect(urls(later)).toEqual(['/posts/beekeeping-tomorrow']);
  });

  it('understands web search syntax: phrases, or, and excluded words', async () => {
    expect(urls(await search(t.db, '"near the river"'))).toEqual([`/wishes/2026-11-18#wish-${oldWish}`]);
    expect(urls(await search(t.db, 'beekeeping -market'))).toEqual(['/posts/beekeeping-for-beginners']);
    expect((await search(t.db, 'hives or composting')).total).toBe(2);
  });

  it('escapes what people wrote and marks only the hits', async () => {
    const evil = 'Lanterns <img src=x onerror=alert(1)> & "quotes" <script>alert(2)</script> &lt;b&gt;';
    await makePost(t.db, { title: 'Lanterns <b>bold</b> & more', bodyMd: evil });
    await addWish(t.db, oldBoard, 'Lanterns <script>alert(3)</script> `<mark>x</mark>`', 'approved', '<i>Eve</i>');
    const result = await search(t.db, 'lanterns');
    expect(result.total).toBe(2);
    const html = result.hits.map((h) => h.titleHtml + h.excerptHtml).join('\n');
    // The only elements are our <mark>s: every other angle bracket is escaped text.
    expect(html.replace(/<\/?mark>/g, '')).not.toMatch(/<|>/);
    expect(html).toContain('<mark>Lanterns</mark> &lt;b&gt;bold&lt;/b&gt; &amp; more');
    expect(html).toContain('A wish by &lt;i&gt;Eve&lt;/i&gt;');
    // Text reads as on the page: Markdown's &lt;b&gt; is the text "<b>", escaped exactly once.
    expect(html).toContain('&amp; &quot;quotes&quot; &lt;b&gt;');
    expect(html).toContain('&lt;script&gt;alert(3)&lt;/script&gt; &lt;mark&gt;x&lt;/mark&gt;');
  });

  it('reads excerpts as text: inline markup joins words, paragraphs and list items part them', async () => {
    await makePost(t.db, {
      title: 'Longing',
      bodyMd: 'We say what we **yearn** for, and *more*.\n\n- one\n- two\n\nEnd.',
    });
    const [hit] = (await search(t.db, 'yearn')).hits;
    expect(hit!.excerptHtml).toBe('We say what we <mark>yearn</mark> for, and more. one two End.');
  });

  it('makes excerpts from the text as it is now: an edited post, a wish with its thanks, no forged markers', async () => {
    const post = await makePost(t.db, { title: 'Weather', bodyMd: 'Drizzle all week.' });
    await t.db
      .updateTable('posts')
      .set({ body_html: '<p>Sunshine at last.</p><p>Then <em>hail</em>.</p>' })
      .where('id', '=', post.id)
      .execute();
    expect((await search(t.db, 'drizzle')).total).toBe(0);
    expect((await search(t.db, 'hail')).hits[0]!.excerptHtml).toBe('Sunshine at last. Then <mark>hail</mark>.');

    const wish = await addWish(t.db, oldBoard, 'I wish for a ladder.');
    await t.db
      .updateTable('wishes')
      .set({ thank_you_html: '<p>Thank you, the orchard is pruned.</p>' })
      .where('id', '=', wish)
      .execute();
    const [thanked] = (await search(t.db, 'orchard')).hits;
    expect(thanked!.url).toBe(`/wishes/2026-11-18#wish-${wish}`);
    expect(thanked!.excerptHtml).toBe('I wish for a ladder. Thank you, the <mark>orchard</mark> is pruned.');

    // Stored HTML that carries the highlight markers (an import, say) cannot forge a highlight.
    await addOffer(t.db, wish, 'placeholder');
    await t.db
      .updateTable('offers')
      .set({ body_html: '<p>\u0002forged\u0003 quince</p>' })
      .where('body_md', '=', 'placeholder')
      .execute();
    const [offer] = (await search(t.db, 'quince')).hits;
    expect(offer!.excerptHtml).toBe('forged <mark>quince</mark>');
  });

  it('pages through many results in rank order, with a count of all', async () => {
    for (let i = 0; i < 23; i++) {
      await makePost(t.db, {
        title: `Kite number ${i}`,
        bodyMd: i % 2 ? 'kite' : 'a kite, a kite, and another kite',
        publishedAt: new Date(Date.UTC(2026, 0, 1 + i)),
      });
    }
    const first = await search(t.db, 'kite');
    expect(first.total).toBe(23);
    expect(first.pageCount).toBe(3);
    expect(first.hits).toHaveLength(PAGE_SIZE);
    const second = await search(t.db, 'kite', 2);
    const third = await search(t.db, 'kite', 3);
    expect(third.hits).toHaveLength(3);
    const all = [...urls(first), ...urls(second), ...urls(third)];
    expect(new Set(all).size).toBe(23);
    // Posts saying "kite" more often rank first.
    expect(first.hits.slice(0, 10).every((h) => /kite-number-\d*[02468]$/.test(h.url))).toBe(true);
    const beyond = await search(t.db, 'kite', 9);
    expect(beyond.hits).toEqual([]);
    expect(beyond.total).toBe(23);
    expect(beyond.suggestions).toBeNull();
  });

  it('ranks the newest matches of a kind when a word is everywhere, and says the count is a lower bound', async () => {
    const rows = Array.from({ length: CANDIDATES_PER_KIND + 5 }, (_, i) => ({
      board_id: oldBoard,
      author_name: 'Many',
      body_md: `umbrella ${i}`,
      body_html: `<p>umbrella ${i}</p>`,
      status: 'approved' as const,
      created_at: new Date(Date.UTC(2026, 10, 18, 10, 0, i)),
    }));
    await t.db.insertInto('wishes').values(rows).execute();
    const result = await search(t.db, 'umbrella');
    expect(result.total).toBe(CANDIDATES_PER_KIND);
    expect(result.totalIsAtLeast).toBe(true);
    // The five oldest are not among the candidates.
    const all = [];
    for (let page = 1; page <= result.pageCount; page++) all.push(...(await search(t.db, 'umbrella', page)).hits);
    expect(all).toHaveLength(CANDIDATES_PER_KIND);
    expect(all.map((h) => h.excerptHtml)).not.toContain('<mark>umbrella</mark> 4');
    expect(all.map((h) => h.excerptHtml)).toContain('<mark>umbrella</mark> 5');
    expect((await search(t.db, 'allotment')).totalIsAtLeast).toBe(false);
  });

  it('says when nothing is found and suggests fewer words, looser words and tags', async () => {
    await makePost(t.db, { title: 'Tagged', bodyMd: 'x', tags: ['networking'] });
    const result = await search(t.db, '"allotment zeppelin" -river');
    expect(result.total).toBe(0);
    expect(result.problem).toBeNull();
    expect(result.suggestions!.fewerWords.map((s) => s.href)).toEqual(['/search?q=allotment', '/search?q=zeppelin']);
    expect(result.suggestions!.looser).toEqual({ label: 'allotment zeppelin', href: '/search?q=allotment+zeppelin' });
    expect(result.suggestions!.tags).toContainEqual({ label: 'networking', href: '/tags/networking' });
    const common = await search(t.db, 'the and of');
    expect(common.problem).toMatch(/too common/);
  });

  it('answers hostile strings with results or nothing, never an error', async () => {
    for (const q of [
      '\\',
      '"',
      "'",
      '&|!():*<>',
      'a\u0000b',
      '\ud800',
      '(((',
      'x'.repeat(10_000),
      '-',
      'or or',
      '💐 allotment',
    ]) {
      const result = await search(t.db, q);
      expect(result.hits.length).toBeLessThanOrEqual(PAGE_SIZE);
    }
    expect(urls(await search(t.db, '💐 allotment'))).toContain(`/wishes/2026-11-18#wish-${oldWish}`);
  });

  it("keeps a post's search vector in its row, not in the TOAST table (one read per match)", async () => {
    const words = Array.from({ length: 250 }, (_, i) => `word${i.toString(36)}`).join(' ');
    const post = await makePost(t.db, { title: 'A longer walk', bodyMd: words });
    const { rows } = await sql<{ vector: number; toast: string }>`
      select pg_column_size(search_vector) as vector,
        (select pg_relation_size(reltoastrelid) from pg_class where relname = 'posts')::text as toast
      from posts where id = ${post.id}`.execute(t.db);
    // Large enough that it would have been moved out of the row (over 2 KB)…
    expect(rows[0]!.vector).toBeGreaterThan(2048);
    // …and nothing of any post went to the TOAST table.
    expect(rows[0]!.toast).toBe('0');
    expect((await search(t.db, 'word1a')).hits.map((h) => h.url)).toEqual(['/posts/a-longer-walk']);
  });
});
