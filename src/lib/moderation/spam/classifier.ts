// A multinomial naive Bayes spam classifier over word counts, pure so every case
// is a unit test. Each text counts a word once (binarised counts suit short
// comments, where a repeated word says little more). Counts come from the
// built-in model (base-model.json, trained from a public corpus by
// scripts/train-spam-model.ts) plus this site's own decisions (filter.ts learns them, tokens-repo.ts keeps them).

export type Label = 'spam' | 'ham';

export interface TokenCounts {
  spam: number;
  ham: number;
}

/** Everything the score needs: texts seen per label, words seen per label, and each word's counts. */
interface SpamModel {
  docs: TokenCounts;
  totals: TokenCounts;
  /** How many distinct words the model knows (for Laplace smoothing). */
  vocabulary: number;
  counts: (token: string) => TokenCounts | undefined;
}

/** The shipped form: `tokens` maps a word to [spam, ham]. */
export interface StoredModel {
  docs: TokenCounts;
  tokens: Record<string, [number, number]>;
}

const MAX_TOKENS = 400;
/** This site's own vocabulary: every wish says "wish", which in mail is a spammer's word. */
const SITE_WORDS = new Set(['wish', 'wishes', 'wished', 'wishing', 'offer', 'offers', 'offered', 'offering']);
const URL = /\bhttps?:\/\/([^\s/?#<>"')]+)[^\s<>"')]*/gi;

/** Lower-case words of 2 to 30 letters or digits, each once; a link becomes "link:" and its host's words. */
export function tokenize(text: string): string[] {
  const seen = new Set<string>();
  const withoutLinks = text.replace(URL, (_, host: string) => {
    seen.add('link:');
    for (const part of host.toLowerCase().split('.')) if (part.length >= 2) seen.add(`host:${part}`);
    return ' ';
  });
  for (const match of withoutLinks.toLowerCase().matchAll(/[\p{L}\p{N}$€£']+/gu)) {
    const word = match[0].replace(/^'+|'+$/g, '');
    if (word.length >= 2 && word.length <= 30 && !/^\d+$/.test(word) && !SITE_WORDS.has(word)) seen.add(word);
    if (seen.size >= MAX_TOKENS) break;
  }
  return [...seen];
}

/**
 * Naive Bayes treats words as independent, so its log-odds grow with a text's
 * length and it is over-sure of long ones: the evidence is divided by the square
 * root of the words it knows, then scaled so that a probability of 0.99 sends at
 * most one good message in 200 to spam (bench/spam.ts measures it).
 */
const TEMPER = 1.5;
const MIN_WORDS = 9;

/** The evidence that a text is spam, as tempered natural-log odds: 0 is undecided, ln 99 is p = 0.99. */
export function spamLogOdds(model: SpamModel, tokens: string[]): number {
  const { docs, totals, vocabulary } = model;
  if (docs.spam === 0 || docs.ham === 0) return 0;
  // Equal priors: how common spam was in the corpus says nothing about this site.
  let logOdds = 0;
  let known = 0;
  for (const token of tokens) {
    const c = model.counts(token);
    if (!c) continue; // a word neither side has seen moves nothing
    known++;
    const pSpam = (c.spam + 1) / (totals.spam + vocabulary);
    const pHam = (c.ham + 1) / (totals.ham + vocabulary);
    logOdds += Math.log(pSpam) - Math.log(pHam);
  }
  // A few words are weak evidence: a short text is never divided by less than this.
  return (logOdds * TEMPER) / Math.sqrt(Math.max(known, MIN_WORDS));
}

/** The probability that a text is spam, from 0 to 1. */
export function probabilityOf(logOdds: number): number {
  return 1 / (1 + Math.exp(-logOdds));
}

/** A stored model's sums over all its words, worked out once per model (12,000 words: too many to add up per text); stored models are never changed once made. */
const storedSums = new WeakMap<StoredModel, { totals: TokenCounts; vocabulary: number }>();

function sumsOf(stored: StoredModel): { totals: TokenCounts; vocabulary: number } {
  let sums = storedSums.get(stored);
  if (!sums) {
    const totals = { spam: 0, ham: 0 };
    for (const [s, h] of Object.values(stored.tokens)) {
      totals.spam += s;
      totals.ham += h;
    }
    sums = { totals, vocabulary: Object.keys(stored.tokens).length };
    storedSums.set(stored, sums);
  }
  return sums;
}

/** A model from counts in memory (the shipped model, or the bench's training split). */
export function modelOf(stored: StoredModel, extra?: Map<string, TokenCounts>, extraDocs?: TokenCounts): SpamModel {
  const sums = sumsOf(stored);
  let { spam, ham } = sums.totals;
  let vocabulary = sums.vocabulary;
  for (const [token, c] of extra ?? []) {
    spam += c.spam;
    ham += c.ham;
    if (!Object.hasOwn(stored.tokens, token)) vocabulary++;
  }
  return {
    docs: { spam: stored.docs.spam + (extraDocs?.spam ?? 0), ham: stored.docs.ham + (extraDocs?.ham ?? 0) },
    totals: { spam, ham },
    vocabulary,
    counts(token) {
      const base = Object.hasOwn(stored.tokens, token) ? stored.tokens[token] : undefined;
      const more = extra?.get(token);
      if (!base && !more) return undefined;
      return { spam: (base?.[0] ?? 0) + (more?.spam ?? 0), ham: (base?.[1] ?? 0) + (more?.ham ?? 0) };
    },
  };
}

/** Counts words over labelled texts, keeping the `keep` most frequent seen in at least `minDocs` texts. */
export function train(examples: Iterable<{ text: string; label: Label }>, keep = 12_000, minDocs = 3): StoredModel {
  const docs = { spam: 0, ham: 0 };
  const counts = new Map<string, [number, number]>();
  for (const { text, label } of examples) {
    docs[label]++;
    for (const token of tokenize(text)) {
      const c = counts.get(token) ?? [0, 0];
      c[label === 'spam' ? 0 : 1]++;
      counts.set(token, c);
    }
  }
  const kept = [...counts]
    .filter(([, [s, h]]) => s + h >= minDocs)
    .sort((a, b) => b[1][0] + b[1][1] - (a[1][0] + a[1][1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, keep);
  return { docs, tokens: Object.fromEntries(kept) };
}
