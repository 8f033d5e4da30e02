// Where the filter's score (tempered log-odds, classifier.ts) turns into a decision:
// spam from a probability of 0.99, held from 0.9. "spam" must send at most one good
// message in 200 to spam, measured by bench/spam.ts on mail the model never saw;
// "held" only asks a person, so it may be more eager.
export const SPAM_AT = Math.log(0.99 / 0.01);
export const HELD_AT = Math.log(0.9 / 0.1);
