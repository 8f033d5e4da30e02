// Two revisions compared line by line (the `diff` package's diffLines). The
// lines are plain text: the page renders them escaped, never as HTML.
import { diffLines } from 'diff';
import type { Revision } from './model.ts';

export interface DiffLine {
  change: 'added' | 'removed' | 'same';
  text: string;
}

/** The lines of `after` against `before`, each marked added, removed or the same. */
function lineDiff(before: string, after: string): DiffLine[] {
  const lines: DiffLine[] = [];
  for (const part of diffLines(before, after)) {
    const change = part.added ? 'added' : part.removed ? 'removed' : 'same';
    const text = part.value.endsWith('\n') ? part.value.slice(0, -1) : part.value;
    for (const line of text.split('\n')) lines.push({ change, text: line });
  }
  return lines;
}

/** A revision as one text to compare: its title, its excerpt when the author wrote one, its body. */
function comparable(revision: Revision): string {
  const head = [`# ${revision.title}`];
  if (revision.excerpt) head.push(`Excerpt: ${revision.excerpt}`);
  return `${head.join('\n')}\n\n${revision.bodyMd}`;
}

export function compareRevisions(before: Revision, after: Revision): DiffLine[] {
  return lineDiff(comparable(before), comparable(after));
}
