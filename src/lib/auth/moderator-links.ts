// The link of a moderator invitation, minted when its mail is sent (the mail
// worker calls this through the door in eslint/architecture.js): a fresh token
// whose hash replaces any earlier one, valid INVITATION_DAYS.
import type { Db } from '../db.ts';
import { hashToken, newToken } from '../tokens.ts';
import { setInvitationToken } from './moderators-repo.ts';

const INVITATION_DAYS = 7;

/** The token for the invitation's link; null once it was accepted or cancelled. */
export async function mintModeratorInvitation(db: Db, invitationId: number, now: Date): Promise<string | null> {
  const token = newToken();
  const row = await setInvitationToken(
    db,
    invitationId,
    hashToken(token),
    new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
  );
  return row ? token : null;
}
