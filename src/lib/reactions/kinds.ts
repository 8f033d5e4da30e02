// The reactions readers give, and how each is shown. A post or a comment takes
// a heart, "me too" or "thank you"; a wish takes its cheer ("I wish this for
// you too", shown by the wish board's own components).
import type { ReactionKind, ReactionSubjectKind } from '../../../db/schema.ts';

export type { ReactionKind, ReactionSubjectKind } from '../../../db/schema.ts';

/** What readers may give a post or a comment, in the order they are shown. */
export const READER_REACTIONS = ['heart', 'me-too', 'thanks'] as const satisfies readonly ReactionKind[];
export type ReaderReaction = (typeof READER_REACTIONS)[number];

/** Subjects a reader reacts to on a post's page (a wish is cheered on the wish board). */
export const READER_SUBJECTS = ['post', 'comment'] as const satisfies readonly ReactionSubjectKind[];
export type ReaderSubject = (typeof READER_SUBJECTS)[number];

interface ReactionLabel {
  /** What the button shows before its count ("♥", "Me too"). */
  shown: string;
  /** What a screen reader says for it ("Heart"). */
  spoken: string;
}

export const REACTION_LABELS: Record<ReaderReaction, ReactionLabel> = {
  heart: { shown: '♥', spoken: 'Heart' },
  'me-too': { shown: 'Me too', spoken: 'Me too' },
  thanks: { shown: 'Thank you', spoken: 'Thank you' },
};

/** How many of each reaction a subject has. */
export type ReactionTally = Record<ReaderReaction, number>;

export const EMPTY_TALLY: ReactionTally = { heart: 0, 'me-too': 0, thanks: 0 };

export function isReaderReaction(kind: string): kind is ReaderReaction {
  return (READER_REACTIONS as readonly string[]).includes(kind);
}
