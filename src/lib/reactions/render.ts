// A subject's reactions as HTML: buttons in one plain form for a signed-in
// reader, the counts alone for anyone else. The same rendering serves every
// reader (it is kept in the page cache and in the comment thread's rendering);
// the few readers who gave a reaction have it marked as pressed on their own
// copy by markGiven, which flips one attribute.
import {
  READER_REACTIONS,
  REACTION_LABELS,
  type ReaderReaction,
  type ReaderSubject,
  type ReactionTally,
} from './kinds.ts';

interface ReactionBarOptions {
  subject: ReaderSubject;
  subjectId: number;
  tally: ReactionTally;
  /** The form's action (the reactions action on the page showing it); null: counts only, no buttons. */
  action: string | null;
  /** Where the page goes back to after the press, an element id. */
  anchor: string;
  /** Counts only: every kind, none given included (a post's bar); otherwise only those given (a comment's). */
  everyKind?: boolean;
}

const SUBJECT_NAMES: Record<ReaderSubject, string> = { post: 'this post', comment: 'this comment' };

function pressedMark(subject: ReaderSubject, subjectId: number, kind: ReaderReaction, pressed: boolean): string {
  return `data-rx="${subject}-${subjectId}-${kind}" aria-pressed="${pressed}"`;
}

/** What a reaction shows: its sign or words, a name for screen readers when the sign alone says little, the count. */
function labelHtml(kind: ReaderReaction, count: number): string {
  const label = REACTION_LABELS[kind];
  const shown =
    label.shown === label.spoken
      ? label.shown
      : `<span aria-hidden="true">${label.shown}</span><span class="visually-hidden">${label.spoken}:</span>`;
  return `${shown} <span class="rx-n">${count}</span>`;
}

export function reactionBarHtml(o: ReactionBarOptions): string {
  const name = SUBJECT_NAMES[o.subject];
  if (o.action === null) {
    const given = READER_REACTIONS.filter((kind) => o.everyKind || o.tally[kind] > 0);
    if (given.length === 0) return '';
    const counts = given.map((kind) => `<span class="rx-c">${labelHtml(kind, o.tally[kind])}</span>`).join(' · ');
    return `<p class="rx rx-read"><span class="visually-hidden">Reactions to ${name}: </span>${counts}</p>`;
  }
  const buttons = READER_REACTIONS.map(
    (kind) =>
      `<button class="rx-b" type="submit" name="kind" value="${kind}" ${pressedMark(o.subject, o.subjectId, kind, false)}>` +
      `${labelHtml(kind, o.tally[kind])}</button>`,
  ).join('');
  return (
    `<form class="rx" method="POST" action="${o.action}#${o.anchor}">` +
    `<input type="hidden" name="subject" value="${o.subject}">` +
    `<input type="hidden" name="subject_id" value="${o.subjectId}">` +
    `<div class="rx-g" role="group" aria-label="Reactions to ${name}">${buttons}</div></form>`
  );
}

export interface GivenReaction {
  subject_kind: string;
  subject_id: number;
  kind: string;
}

/** The rendering with this reader's own reactions shown pressed. */
export function markGiven(html: string, given: readonly GivenReaction[]): string {
  let marked = html;
  for (const g of given) {
    if (g.subject_kind !== 'post' && g.subject_kind !== 'comment') continue;
    const kind = g.kind as ReaderReaction;
    marked = marked.replace(
      pressedMark(g.subject_kind, g.subject_id, kind, false),
      pressedMark(g.subject_kind, g.subject_id, kind, true),
    );
  }
  return marked;
}
