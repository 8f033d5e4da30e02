// Frozen. A search result's excerpt is made by ts_headline from the item's text
// without its tags. That text was computed from the stored HTML in every search,
// twice per item (for its length and for the headline), and the two regular
// expressions cost more than ts_headline itself: about 0.5 ms for a 300-word
// post, 5 ms of a ten-result page. Each searchable table now keeps that text as
// a stored generated column, computed by PostgreSQL on every insert and update,
// so no code path can forget it.
//
// Block elements end a word ("end.</p><p>Start"), inline ones do not
// ("<em>wish</em>,"); other tags go; entities stay encoded (the app decodes them
// before escaping the headline once); the control characters used as
// highlight markers are removed, so stored text can never forge one.
import { sql, type Kysely } from 'kysely';

const BLOCK_TAG =
  '</?(p|br|li|ul|ol|h[1-6]|blockquote|pre|hr|table|thead|tbody|tr|td|th|figure|figcaption|div)([ /][^>]*)?>';

const textOf = (html: ReturnType<typeof sql>) =>
  sql`translate(regexp_replace(regexp_replace(${html}, ${sql.lit(BLOCK_TAG)}, ' ', 'gi'), '<[^>]*>', '', 'g'), ${sql.lit('\u0002\u0003')}, '')`;

const SOURCES: Record<string, ReturnType<typeof sql>> = {
  posts: textOf(sql`coalesce(body_html, '')`),
  pages: textOf(sql`coalesce(body_html, '')`),
  // A wish's thanks is searched with it, so its excerpt may come from either.
  wishes: textOf(sql`coalesce(body_html, '') || coalesce(' ' || thank_you_html, '')`),
  offers: textOf(sql`coalesce(body_html, '')`),
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, expression] of Object.entries(SOURCES)) {
    await db.schema
      .alterTable(table)
      .addColumn('search_text', 'text', (c) => c.generatedAlwaysAs(expression).stored().notNull())
      .execute();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of Object.keys(SOURCES)) await db.schema.alterTable(table).dropColumn('search_text').execute();
}
