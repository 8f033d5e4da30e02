// Where the filter's score (log-odds, classifier.ts) turns into a decision.
// "spam" must send at most one good message in 200 to spam: bench/spam.ts measures
// it on mail the model never saw (naive Bayes calls nearly everything it flags
// p > 0.99, so the line is drawn far above that). "held" only asks a person: p ≥ 0.8.
export const SPAM_AT = 36;
export const HELD_AT = Math.log(0.8 / 0.2);
