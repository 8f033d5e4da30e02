// Facts the moderation rules need from the database.
import type { Db } from '../db.ts';

/** True when this email already has an approved comment, wish or offer ("previously approved"). */
export async function hasApprovedContribution(db: Db, email: string): Promise<boolean> {
  const address = email.trim().toLowerCase();
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .or([
          eb.exists(
            eb.selectFrom('comments').select('id').where('author_email', '=', address).where('status', '=', 'approved'),
          ),
          eb.exists(
            eb.selectFrom('wishes').select('id').where('author_email', '=', address).where('status', '=', 'approved'),
          ),
          eb.exists(
            eb.selectFrom('offers').select('id').where('author_email', '=', address).where('status', '=', 'approved'),
          ),
        ])
        .as('approved'),
    ])
    .executeTakeFirstOrThrow();
  return Boolean(row.approved);
}

export interface PendingCounts {
  comments: number;
  wishes: number;
  offers: number;
  total: number;
}

/** Items waiting for the author, for the dashboard's navigation. */
export async function countPending(db: Db): Promise<PendingCounts> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('comments')
        .select((c) => c.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .as('comments'),
      eb
        .selectFrom('wishes')
        .select((c) => c.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .as('wishes'),
      eb
        .selectFrom('offers')
        .select((c) => c.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .as('offers'),
    ])
    .executeTakeFirstOrThrow();
  const comments = Number(row.comments ?? 0);
  const wishes = Number(row.wishes ?? 0);
  const offers = Number(row.offers ?? 0);
  return { comments, wishes, offers, total: comments + wishes + offers };
}

/** When the account confirmed its email address: null while unconfirmed (or when there is no such account). */
export async function findEmailVerifiedAt(db: Db, userId: string): Promise<Date | null> {
  const row = await db.selectFrom('users').select('email_verified_at').where('id', '=', userId).executeTakeFirst();
  return row?.email_verified_at ?? null;
}
