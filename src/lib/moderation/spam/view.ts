// The filter's score as the queue shows it: the probability, and the log-odds it
// comes from (naive Bayes rounds most spam to 100%, so the number tells them apart).
import { probabilityOf } from './classifier.ts';

export function describeScore(score: number | null): string | null {
  if (score === null) return null;
  const percent = probabilityOf(score) * 100;
  const shown = percent >= 99.95 ? '> 99.9' : percent < 0.05 ? '< 0.1' : percent.toFixed(1);
  return `spam ${shown}% (score ${score.toFixed(1)})`;
}
