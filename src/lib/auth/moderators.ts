// Moderators (issue 29): the author invites an address by mail; whoever holds
// that mailbox signs in (or signs up) with it and accepts with a POST; the
// author can take the role back at any time. The role is read from the
// database on every request (sessions-repo.ts), so a change holds at once.
import { z } from 'astro/zod';
import type { Db } from '../db.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.ts';
import { enqueueMail, moderatorInviteMail, type MailContext } from '../mail/door.ts';
import { hashToken } from '../tokens.ts';
import { emailField, idField, parseInput, requiredText } from '../validation.ts';
import {
  findOpenInvitationEmail,
  insertModeratorInvitation,
  listOpenInvitations,
  lockOpenInvitation,
  markInvitationAccepted,
  markInvitationCancelled,
} from './moderators-repo.ts';
import { demoteModerator, findEmailAndRole, findRoleByEmail, listModeratorAccounts, setRole } from './users-repo.ts';

const inviteInput = z.object({ email: emailField });
// requiredText refuses control characters (a NUL byte would otherwise reach PostgreSQL and fail there).
const moderatorIdInput = z.object({ user_id: requiredText('Moderator', 100) });
const invitationIdInput = z.object({ id: idField });

/** Queues the invitation's mail (its link is minted when it is sent). */
export async function inviteModerator(
  db: Db,
  author: { id: string; name: string },
  raw: unknown,
  context: { now: Date; mail: MailContext },
): Promise<{ invitationId: number; email: string }> {
  const { email } = parseInput(inviteInput, raw);
  return db.transaction().execute(async (trx) => {
    const existing = await findRoleByEmail(trx, email);
    if (existing && existing.role !== 'reader') {
      throw new ConflictError(
        existing.role === 'author' ? 'That is the author’s own address.' : 'That address already moderates.',
      );
    }
    const row = await insertModeratorInvitation(trx, { email, invitedBy: author.id, now: context.now });
    await enqueueMail(trx, {
      ...moderatorInviteMail(context.mail, author.name),
      to: email,
      kind: 'moderator-invite',
      link: { type: 'moderator-invite', invitationId: row.id },
    });
    return { invitationId: row.id, email };
  });
}

interface OpenInvitation {
  email: string;
}

/** The invitation a link's token opens, or null when it was used, cancelled, replaced or has expired. */
export async function findOpenInvitation(db: Db, token: string, now: Date): Promise<OpenInvitation | null> {
  if (!token) return null;
  const row = await findOpenInvitationEmail(db, hashToken(token), now);
  return row ?? null;
}

/** The signed-in account takes the moderator role, if the invitation was sent to its address. */
export async function acceptModeratorInvitation(
  db: Db,
  user: { id: string },
  token: string,
  now: Date,
): Promise<{ email: string }> {
  return db.transaction().execute(async (trx) => {
    const invitation = await lockOpenInvitation(trx, hashToken(token), now);
    if (!invitation) throw new NotFoundError('This invitation was used, cancelled or has expired.');
    const account = await findEmailAndRole(trx, user.id);
    if (!account) throw new NotFoundError('Your account was not found.');
    if (account.email.toLowerCase() !== invitation.email) {
      throw new ForbiddenError(
        `This invitation was sent to another address: sign in with the account of that address.`,
      );
    }
    if (account.role === 'author') throw new ConflictError('You are the author already.');
    await markInvitationAccepted(trx, invitation.id, user.id, now);
    await setRole(trx, user.id, 'moderator');
    return { email: invitation.email };
  });
}

/** Takes the role back: the account is a reader again on its next request. */
export async function revokeModerator(db: Db, raw: unknown): Promise<{ userId: string; email: string }> {
  const { user_id } = parseInput(moderatorIdInput, raw);
  const row = await demoteModerator(db, user_id);
  if (!row) throw new NotFoundError('That person is not a moderator.');
  return { userId: row.id, email: row.email };
}

/** Cancels an invitation not yet accepted: its link stops working. */
export async function cancelInvitation(db: Db, raw: unknown, now: Date): Promise<{ email: string }> {
  const { id } = parseInput(invitationIdInput, raw);
  const row = await markInvitationCancelled(db, id, now);
  if (!row) throw new NotFoundError('That invitation was already accepted or cancelled.');
  return row;
}

interface ModeratorsView {
  moderators: { id: string; name: string; email: string }[];
  invitations: { id: number; email: string; createdAt: Date; expiresAt: Date | null }[];
}

/** The author's page: who moderates and who is invited (open invitations only). */
export async function listModerators(db: Db, now: Date): Promise<ModeratorsView> {
  const [moderators, invitations] = await Promise.all([listModeratorAccounts(db), listOpenInvitations(db, now)]);
  return {
    moderators,
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      createdAt: i.created_at,
      expiresAt: i.expires_at,
    })),
  };
}
