import { describe, expect, it } from 'vitest';
import baseModel from '../../src/lib/moderation/spam/base-model.json' with { type: 'json' };
import {
  modelOf,
  probabilityOf,
  spamLogOdds,
  tokenize,
  train,
  type StoredModel,
  type TokenCounts,
} from '../../src/lib/moderation/spam/classifier.ts';
import { judge } from '../../src/lib/moderation/rules.ts';
import { HELD_AT, SPAM_AT } from '../../src/lib/moderation/spam/thresholds.ts';

const base = baseModel as unknown as StoredModel;
const SPAMMY =
  'FREE VIAGRA!!! Click here to claim your cash prize now, limited time offer. Buy cheap meds online, ' +
  'no prescription, 100% guaranteed, unsubscribe to be removed from our mailing list. http://cheap-pills.example/buy';
const KIND = 'Thank you for writing this, it made me think of my grandmother. I hope your week goes gently.';

describe('the spam classifier', () => {
  it('reads words once each, and links as their host', () => {
    expect(tokenize('Buy buy BUY now https://pills.example.com/x?y=1')).toEqual(
      expect.arrayContaining(['buy', 'now', 'link:', 'host:pills', 'host:example']),
    );
    expect(tokenize('Buy buy BUY').filter((t) => t === 'buy')).toHaveLength(1);
  });

  it('scores a clearly spammy text high and a kind comment low with the built-in model', () => {
    const model = modelOf(base);
    expect(probabilityOf(spamLogOdds(model, tokenize(SPAMMY)))).toBeGreaterThan(0.99);
    expect(spamLogOdds(model, tokenize(SPAMMY))).toBeGreaterThanOrEqual(SPAM_AT);
    expect(spamLogOdds(model, tokenize(KIND))).toBeLessThan(HELD_AT);
    expect(probabilityOf(spamLogOdds(model, tokenize(KIND)))).toBeLessThan(0.5);
  });

  it('moves the score when it learns from a decision', () => {
    const text = 'Lovely crochet patterns for the wish board, see my shop';
    const before = spamLogOdds(modelOf(base), tokenize(text));
    const learnt = new Map<string, TokenCounts>(tokenize(text).map((t) => [t, { spam: 5, ham: 0 }]));
    const after = spamLogOdds(modelOf(base, learnt, { spam: 5, ham: 0 }), tokenize(text));
    expect(after).toBeGreaterThan(before + 1);
  });

  it('adds up the built-in model once, not on every text it scores', () => {
    // Every comment, wish and offer is scored: summing 12,000 words each time took a quarter of a busy server's CPU.
    let walks = 0;
    const tokens = new Proxy(
      { cheap: [9, 1], kind: [1, 9] },
      {
        ownKeys(target) {
          walks++;
          return Reflect.ownKeys(target);
        },
      },
    ) as StoredModel['tokens'];
    const stored: StoredModel = { docs: { spam: 10, ham: 10 }, tokens };
    const first = spamLogOdds(modelOf(stored), ['cheap']);
    const walksAfterFirst = walks;
    for (let i = 0; i < 5; i++) expect(spamLogOdds(modelOf(stored), ['cheap'])).toBe(first);
    expect(walksAfterFirst).toBeGreaterThan(0);
    expect(walks).toBe(walksAfterFirst);
    expect(first).toBeGreaterThan(0);
  });

  it('trains on labelled texts alone', () => {
    const model = modelOf(
      train(
        [
          ...Array.from({ length: 5 }, () => ({ text: 'cheap pills casino winner', label: 'spam' as const })),
          ...Array.from({ length: 5 }, () => ({ text: 'thank you for the lovely post', label: 'ham' as const })),
        ],
        100,
        1,
      ),
    );
    expect(spamLogOdds(model, tokenize('casino pills'))).toBeGreaterThan(0);
    expect(spamLogOdds(model, tokenize('lovely post'))).toBeLessThan(0);
  });
});

describe('the filter among the rules', () => {
  const settings = { moderationWords: [], blockedWords: [] };
  const trusted = { contributor: 'reader' as const, text: 'x', linkCount: 0, previouslyApproved: true, settings };

  it('sends very likely spam to spam and likely spam to be held, with the reason', () => {
    expect(judge({ ...trusted, spamScore: SPAM_AT + 1 })).toMatchObject({ status: 'spam', reason: /very likely/ });
    expect(judge({ ...trusted, spamScore: HELD_AT + 0.1 })).toMatchObject({ status: 'pending', reason: /likely spam/ });
    expect(judge({ ...trusted, spamScore: -5 })).toMatchObject({ status: 'approved', reason: null });
  });

  it('never publishes what a rule holds, and never judges the author', () => {
    expect(judge({ ...trusted, previouslyApproved: false, contributor: 'visitor', spamScore: -50 }).status).toBe(
      'pending',
    );
    expect(judge({ ...trusted, linkCount: 3, spamScore: -50 }).status).toBe('pending');
    expect(judge({ ...trusted, contributor: 'author', spamScore: SPAM_AT + 10 }).status).toBe('approved');
  });
});
