// What becomes of a member's comments when they delete their account (called
// by src/lib/people/leave.ts, inside its transaction). Held ones were never
// seen: they go, the usual way (blanked if something answers them). Published
// ones stay in their threads, unsigned, with their text or without it.
import type { Db } from '../db.ts';
import { deleteOrBlank } from './service.ts';
import { listHeldCommentIdsOf, replaceCommentBodies, unsignCommentsOf } from './writers-repo.ts';

export interface Release {
  /** The name shown instead of theirs, e.g. "a former member". */
  signature: string;
  /** Null keeps the text; otherwise the sanitised HTML shown in its place. */
  removedHtml: string | null;
  now: Date;
}

/** Unsigns and (on request) empties a member's comments; returns how many published ones stay. */
export async function releaseCommentsOf(trx: Db, userId: string, release: Release): Promise<number> {
  const held = await listHeldCommentIdsOf(trx, userId);
  for (const { id } of held) await deleteOrBlank(trx, id, release.now);
  const kept = await unsignCommentsOf(trx, userId, release.signature, release.now);
  // Deleted (blanked) comments have no text left to keep or remove.
  const shown = kept.filter((c) => c.status === 'approved').map((c) => c.id);
  if (release.removedHtml !== null && shown.length > 0) {
    await replaceCommentBodies(trx, shown, release.removedHtml);
  }
  return shown.length;
}
