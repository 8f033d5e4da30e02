// The spam filter against the database: the built-in model plus the word counts
// this site's decisions taught (table spam_tokens, so every process learns from
// every decision), the score of a new text, and the verdict kept on the item.
import type { Db } from '../../db.ts';
import baseModel from './base-model.json' with { type: 'json' };
import { modelOf, spamLogOdds, tokenize, type Label, type StoredModel, type TokenCounts } from './classifier.ts';
import { addTokenCounts, findAuthoredTexts, findTokenCounts, updateVerdict } from './tokens-repo.ts';

/** One decision here weighs as much as this many mails of the corpus: the site's own readers matter more. */
const SITE_WEIGHT = 5;
/** Rows that are not words (a word never starts with a space): how many texts each side has learnt. */
const DOCS = ' docs';

const BASE = baseModel as unknown as StoredModel;

/** The filter's score (log-odds) for a text, with what this site has learnt so far. */
export async function scoreText(db: Db, text: string): Promise<number> {
  const tokens = tokenize(text);
  const rows = await findTokenCounts(db, [DOCS, ...tokens]);
  const learnt = new Map<string, TokenCounts>();
  let docs: TokenCounts = { spam: 0, ham: 0 };
  for (const r of rows) {
    const counts = { spam: r.spam * SITE_WEIGHT, ham: r.ham * SITE_WEIGHT };
    if (r.token === DOCS) docs = counts;
    else learnt.set(r.token, counts);
  }
  return spamLogOdds(modelOf(BASE, learnt, docs), tokens);
}

/** Teaches the filter one decision on each text (call in the decision's transaction). */
export async function learn(db: Db, texts: string[], label: Label): Promise<void> {
  if (texts.length === 0) return;
  const counts = new Map<string, number>([[DOCS, texts.length]]);
  for (const text of texts) for (const token of tokenize(text)) counts.set(token, (counts.get(token) ?? 0) + 1);
  // Sorted, so two decisions at once lock their rows in the same order.
  const rows = [...counts].sort(([a], [b]) => (a < b ? -1 : 1));
  const side = label === 'spam' ? 'spam' : 'ham';
  await addTokenCounts(db, side, rows);
}

/** What the rules decided about an item and why, kept for the queue. */
export async function recordVerdict(
  db: Db,
  table: 'comments' | 'wishes' | 'offers',
  id: number,
  verdict: { reason: string | null; spamScore: number | null },
): Promise<void> {
  if (verdict.reason === null && verdict.spamScore === null) return;
  await updateVerdict(db, table, id, verdict);
}

/** The score when the filter is on and the writer is not the author (whose words are never judged). */
export async function filterScore(
  db: Db,
  settings: { spamFilter: boolean },
  contributor: string,
  text: string,
): Promise<number | null> {
  if (!settings.spamFilter || contributor === 'author') return null;
  return scoreText(db, text);
}

/** Teaches the filter a person's decision on comments, wishes or offers, from their stored words. */
export async function learnFromDecision(
  db: Db,
  table: 'comments' | 'wishes' | 'offers',
  ids: number[],
  label: Label,
): Promise<void> {
  if (ids.length === 0) return;
  const rows = await findAuthoredTexts(db, table, ids);
  await learn(
    db,
    rows.map((r) => `${r.author_name}\n${r.body_md}`),
    label,
  );
}
