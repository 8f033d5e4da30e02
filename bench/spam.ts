// npm run bench:spam: the spam filter trained on three quarters of the public
// corpus, measured on the quarter it never saw, at the thresholds the site uses.
import { modelOf, spamLogOdds, tokenize, train } from '../src/lib/moderation/spam/classifier.ts';
import { loadCorpus } from '../src/lib/moderation/spam/corpus-split.ts';
import { HELD_AT, SPAM_AT } from '../src/lib/moderation/spam/thresholds.ts';

const corpus = loadCorpus();
const model = modelOf(train(corpus.filter((e) => !e.heldOut)));
const test = corpus.filter((e) => e.heldOut);
const scored = test.map((e) => ({ label: e.label, score: spamLogOdds(model, tokenize(e.text)) }));
const good = scored.filter((s) => s.label === 'ham').length;
const bad = scored.length - good;

function line(name: string, at: number) {
  const flagged = scored.filter((s) => s.score >= at);
  const right = flagged.filter((s) => s.label === 'spam').length;
  const wrong = flagged.length - right;
  const precision = flagged.length === 0 ? 1 : right / flagged.length;
  console.log(
    `${name.padEnd(5)} (score ≥ ${at.toFixed(1)}): precision ${(precision * 100).toFixed(1)}%, ` +
      `recall ${((right / bad) * 100).toFixed(1)}%, false positives ${wrong} of ${good} good ` +
      `(${((wrong / good) * 100).toFixed(2)}%)`,
  );
  return wrong / good;
}

console.log(
  `trained on ${corpus.length - test.length} mails; tested on ${test.length} held out (${bad} spam, ${good} good)`,
);
const spamRate = line('spam', SPAM_AT);
line('held', HELD_AT);
if (spamRate > 1 / 200) {
  console.error('The spam threshold sends more than 1 good message in 200 to spam.');
  process.exitCode = 1;
}
