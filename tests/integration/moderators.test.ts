// Moderators: the author's invitation by mail, its link minted when sent and
// accepted only by the invited address's account; the role taken back; and a
// moderator's queues carry no email or client address, and no private thread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptModeratorInvitation,
  cancelInvitation,
  findOpenInvitation,
  inviteModerator,
  listModerators,
  revokeModerator,
} from '../../src/lib/auth/moderators.ts';
import { canModerate, seesContactDetails } from '../../src/lib/auth/roles.ts';
import { listModerationQueue } from '../../src/lib/comments/moderation.ts';
import { createComment } from '../../src/lib/comments/service.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../src/lib/errors.ts';
import { mailContextOf } from '../../src/lib/mail/context.ts';
import { liveLinkPath, mintLiveLink } from '../../src/lib/mail/live-links.ts';
import { threadSideOf } from '../../src/lib/wishes/loop/participants.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeAccount, makePost } from '../helpers/fixtures.ts';

const now = new Date('2026-12-06T12:00:00Z');
const mail = mailContextOf({ siteUrl: 'http://site.test', siteTimezone: 'UTC' });

describe.each(dbTargets)('moderators on %s', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());

  async function invitationLink(email: string): Promise<string> {
    const row = await t.db
      .selectFrom('outbox')
      .select(['link', 'text_body'])
      .where('recipient', '=', email)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.text_body).not.toMatch(/token=/);
    expect(row.link).toMatchObject({ type: 'moderator-invite' });
    const token = await mintLiveLink(t.db, row.link!, now);
    expect(token).not.toBeNull();
    expect(liveLinkPath(row.link!, token!)).toBe(`/moderator-invite?token=${token}`);
    return token!;
  }

  it('invites by mail; the invited address’s account accepts once; another account cannot; the author takes the role back', async () => {
    const author = await makeAccount(t.db, { name: 'Ada', role: 'author' });
    const mo = await makeAccount(t.db, { name: 'Mo', email: 'mo@example.test' });
    const other = await makeAccount(t.db, { name: 'Oz' });

    await inviteModerator(t.db, author, { email: ' Mo@Example.test ' }, { now, mail });
    const token = await invitationLink('mo@example.test');
    expect(await findOpenInvitation(t.db, token, now)).toEqual({ email: 'mo@example.test' });
    expect((await listModerators(t.db, now)).invitations.map((i) => i.email)).toEqual(['mo@example.test']);

    await expect(acceptModeratorInvitation(t.db, other, token, now)).rejects.toBeInstanceOf(ForbiddenError);
    await acceptModeratorInvitation(t.db, mo, token, now);
    const role = async (id: string) =>
      (await t.db.selectFrom('users').select('role').where('id', '=', id).executeTakeFirstOrThrow()).role;
    expect(await role(mo.id)).toBe('moderator');
    expect(await role(other.id)).toBe('reader');
    // Spent: a second use, or the link after acceptance, opens nothing.
    await expect(acceptModeratorInvitation(t.db, mo, token, now)).rejects.toBeInstanceOf(NotFoundError);
    expect(await findOpenInvitation(t.db, token, now)).toBeNull();
    expect((await listModerators(t.db, now)).moderators.map((m) => m.name)).toEqual(['Mo']);

    // Already a moderator, or the author: not invited again.
    await expect(inviteModerator(t.db, author, { email: 'mo@example.test' }, { now, mail })).rejects.toBeInstanceOf(
      ConflictError,
    );

    await revokeModerator(t.db, { user_id: mo.id });
    expect(await role(mo.id)).toBe('reader');
    await expect(revokeModerator(t.db, { user_id: mo.id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a cancelled or expired invitation opens nothing, and its mail mints no link', async () => {
    const author = await makeAccount(t.db, { name: 'Ada', role: 'author' });
    const { invitationId } = await inviteModerator(t.db, author, { email: 'late@example.test' }, { now, mail });
    const token = await invitationLink('late@example.test');
    const eightDaysOn = new Date(now.getTime() + 8 * 86_400_000);
    expect(await findOpenInvitation(t.db, token, eightDaysOn)).toBeNull();
    await cancelInvitation(t.db, { id: String(invitationId) }, now);
    expect(await findOpenInvitation(t.db, token, now)).toBeNull();
    expect(await mintLiveLink(t.db, { type: 'moderator-invite', invitationId }, now)).toBeNull();
  });

  it('a moderator moderates, but sees no contact details and no private thread', async () => {
    expect(canModerate('moderator')).toBe(true);
    expect(canModerate('reader')).toBe(false);
    expect(seesContactDetails('moderator')).toBe(false);
    const moderator = { user: { id: 'm', name: 'Mo', role: 'moderator' as const }, link: null };
    const author = { user: { id: 'a', name: 'Ada', role: 'author' as const }, link: null };
    const wish = { userId: 'w', rootId: 1 };
    const offer = { id: 2, userId: 'o', acceptedAt: now };
    expect(threadSideOf(moderator, wish, offer)).toBeNull();
    expect(threadSideOf(author, wish, offer)).toBe('author');

    const post = await makePost(t.db, { title: 'Hello', status: 'published', publishedAt: now });
    await createComment(
      t.db,
      { post_id: String(post.id), name: 'Vee', email: 'vee@example.test', body: 'First!' },
      { user: null, ip: '198.51.100.4', visitorTokenHash: 'x'.repeat(64) },
      now,
    );
    const asAuthor = await listModerationQueue(t.db, { status: 'pending', page: 1 });
    expect(asAuthor.items[0]).toMatchObject({ authorEmail: 'vee@example.test', ip: '198.51.100.4' });
    const asModerator = await listModerationQueue(t.db, { status: 'pending', page: 1, withContact: false });
    expect(asModerator.items[0]).toMatchObject({ authorName: 'Vee', authorEmail: null, ip: null });
  });
});
