// Markers a page rendered for one signed-in person leaves around what is
// theirs, so src/server/cache/personal-slots.ts can keep the page once and fill
// in each person's own parts. Markers never reach a browser: the page is always
// filled (markers cut out) before it is sent.

/** Where a writer's own Edit/Delete links go: whose, which comment, when written, whether on a line of their own. */
interface OwnControlsSlot {
  userId: string;
  commentId: number;
  createdAt: Date;
  bare: boolean;
}

export function ownControlsMarker(slot: OwnControlsSlot): string {
  return `<!--wc:own:${slot.userId}:${slot.commentId}:${slot.createdAt.getTime()}:${slot.bare ? 1 : 0}-->`;
}

export const OWN_CONTROLS_MARKER = /<!--wc:own:([\w-]+):(\d+):(\d+):([01])-->/;

/** Content between these is the same for every reader whoever it names (a thread, a byline). */
export const SHARED_START = '<!--wc:shared-->';
export const SHARED_END = '<!--/wc:shared-->';
