// What becomes of a member's comments when they delete their account (called
// by src/lib/people/leave.ts, inside its transaction). Held ones were never
// seen: they go, the usual way (blanked if something answers them). Published
// ones stay in their threads, unsigned, with their text or without it.
import type { Db } from '../db.ts';
import { deleteOrBlank } from './service.ts';

export interface Release {
  /** The name shown instead of theirs, e.g. "a former member". */
  signature: string;
  /** Null keeps the text; otherwise the sanitised HTML shown in its place. */
  removedHtml: string | null;
  now: Date;
}

/** Unsigns and (on request) empties a member's comments; returns how many published ones stay. */
export async function releaseCommentsOf(trx: Db, userId: string, release: Release): Promise<number> {
  const held = await trx
    .selectFrom('comments')
    .select('id')
    .where('user_id', '=', userId)
    .where('status', 'in', ['pending', 'spam'])
    .execute();
  for (const { id } of held) await deleteOrBlank(trx, id, release.now);
  const kept = await trx
    .updateTable('comments')
    .set({
      user_id: null,
      author_name: release.signature,
      author_email: null,
      author_url: null,
      ip: null,
      visitor_token_hash: null,
      updated_at: release.now,
    })
    .where('user_id', '=', userId)
    .returning(['id', 'status'])
    .execute();
  // Deleted (blanked) comments have no text left to keep or remove.
  const shown = kept.filter((c) => c.status === 'approved').map((c) => c.id);
  if (release.removedHtml !== null && shown.length > 0) {
    await trx
      .updateTable('comments')
      .set({ body_md: '', body_html: release.removedHtml })
      .where('id', 'in', shown)
      .execute();
  }
  return shown.length;
}
