// "Download your data": everything a member wrote or that was kept about them,
// as one JSON document. Only the password hash and the passkeys' public keys
// and counters are left out (what checks a sign-in, not anything they wrote).
import type { Db } from '../db.ts';
import { selectPasskeysOf } from '../auth/passkeys/repo.ts';
import { readReactionsBy } from '../reactions/repo.ts';
import {
  readAccount,
  readComments,
  readFollowing,
  readMessages,
  readNotifications,
  readOffers,
  readPosts,
  readSessions,
  readWishes,
} from './export-repo.ts';

const EXPORT_FORMAT = 'wishcast-account-export/1';

/** All of a member's data, or null when the account does not exist. Rows keep their column names. */
export async function exportAccountData(db: Db, userId: string, now: Date) {
  const account = await readAccount(db, userId);
  if (!account) return null;
  const [posts, comments, wishes, offers, messages, reactions, notifications, sessions, passkeys, following] =
    await Promise.all([
      account.role === 'author' ? readPosts(db, userId) : Promise.resolve([]),
      readComments(db, userId),
      readWishes(db, userId),
      readOffers(db, userId),
      readMessages(db, userId),
      readReactionsBy(db, userId),
      readNotifications(db, userId),
      readSessions(db, userId),
      // As they see them on /account/passkeys: the credential id names each; its public key stays.
      selectPasskeysOf(db, userId),
      readFollowing(db, account.email),
    ]);
  return {
    format: EXPORT_FORMAT,
    exported_at: now,
    account,
    posts: posts.map((p) => ({ ...p, tags: p.tags ?? [] })),
    comments,
    wishes,
    offers,
    messages,
    // Wish cheers as before; hearts, "me too"s and "thank you"s on posts and comments beside them.
    cheers: reactions
      .filter((r) => r.subject_kind === 'wish')
      .map((r) => ({ wish_id: r.subject_id, created_at: r.created_at })),
    reactions: reactions.filter((r) => r.subject_kind !== 'wish'),
    notifications,
    sessions,
    passkeys,
    following_by_email: following ?? null,
  };
}

/** The download's file name, e.g. wishcast-ada-2026-11-27.json. */
export function exportFileName(handle: string, now: Date): string {
  return `wishcast-${handle}-${now.toISOString().slice(0, 10)}.json`;
}
