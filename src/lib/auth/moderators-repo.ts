// Moderator invitations: SQL only (the rules are in moderators.ts and moderator-links.ts; the
// role itself is in users-repo.ts).
import type { Db } from '../db.ts';

export function insertModeratorInvitation(db: Db, invitation: { email: string; invitedBy: string; now: Date }) {
  return db
    .insertInto('moderator_invitations')
    .values({ email: invitation.email, invited_by: invitation.invitedBy, created_at: invitation.now })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Stores a new token hash and expiry on an invitation still open; undefined once accepted or cancelled. */
export function setInvitationToken(db: Db, invitationId: number, tokenHash: string, expiresAt: Date) {
  return db
    .updateTable('moderator_invitations')
    .set({ token_hash: tokenHash, expires_at: expiresAt })
    .where('id', '=', invitationId)
    .where('accepted_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
}

/** The address of the open, unexpired invitation with this token hash. */
export function findOpenInvitationEmail(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom('moderator_invitations')
    .select('email')
    .where('token_hash', '=', tokenHash)
    .where('accepted_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** The open, unexpired invitation with this token hash, locked until the transaction ends. */
export function lockOpenInvitation(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom('moderator_invitations')
    .select(['id', 'email'])
    .where('token_hash', '=', tokenHash)
    .where('accepted_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .where('expires_at', '>', now)
    .forUpdate()
    .executeTakeFirst();
}

export async function markInvitationAccepted(db: Db, invitationId: number, userId: string, now: Date): Promise<void> {
  await db
    .updateTable('moderator_invitations')
    .set({ accepted_at: now, accepted_by: userId })
    .where('id', '=', invitationId)
    .execute();
}

/** Cancels an invitation not yet accepted or cancelled; undefined otherwise. */
export function markInvitationCancelled(db: Db, invitationId: number, now: Date) {
  return db
    .updateTable('moderator_invitations')
    .set({ cancelled_at: now })
    .where('id', '=', invitationId)
    .where('accepted_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .returning('email')
    .executeTakeFirst();
}

/** Invitations neither accepted, cancelled nor expired, newest first. */
export function listOpenInvitations(db: Db, now: Date) {
  return db
    .selectFrom('moderator_invitations')
    .select(['id', 'email', 'created_at', 'expires_at'])
    .where('accepted_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('id', 'desc')
    .execute();
}
