// Blocks: by account, email address and address range; the blocked writer's
// next comment, wish and offer kept as spam (they are told nothing different
// from a held item), and what they wrote before sent to spam in one step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/schema.ts';
import { spamCommentsCoveredBy } from '../../src/lib/comments/moderation.ts';
import { createComment, type Commenter } from '../../src/lib/comments/service.ts';
import { ValidationError, ConflictError } from '../../src/lib/errors.ts';
import { addBlock, addressInRange, isBlocked, normalRange, removeBlock } from '../../src/lib/moderation/blocks.ts';
import { decideStatus } from '../../src/lib/moderation/rules.ts';
import { spamWishesCoveredBy } from '../../src/lib/wishes/moderation.ts';
import { postWish, type Actor, type WishContext } from '../../src/lib/wishes/service.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeConfirmedAccount, makePost } from '../helpers/fixtures.ts';

describe('address ranges', () => {
  it('normalises ranges and single addresses, and matches IPv4, IPv6 and IPv4-mapped addresses', () => {
    expect(normalRange('203.0.113.77/24')).toBe('203.0.113.0/24');
    expect(normalRange(' 198.51.100.4 ')).toBe('198.51.100.4/32');
    expect(normalRange('2001:db8::1/32')).toBe('2001:db8::/32');
    expect(normalRange('not an address')).toBeNull();
    expect(normalRange('10.0.0.0/33')).toBeNull();
    expect(addressInRange('203.0.113.9', '203.0.113.0/24')).toBe(true);
    expect(addressInRange('::ffff:203.0.113.9', '203.0.113.0/24')).toBe(true);
    expect(addressInRange('203.0.114.9', '203.0.113.0/24')).toBe(false);
    expect(addressInRange('2001:db8:1::5', '2001:db8::/32')).toBe(true);
    expect(addressInRange('2001:db8:1::5', '203.0.113.0/24')).toBe(false);
    expect(addressInRange(null, '203.0.113.0/24')).toBe(false);
  });

  it('a block sends to spam whatever the other rules say, except for the author', () => {
    const base = {
      text: 'Hello',
      linkCount: 0,
      previouslyApproved: true,
      settings: { moderationWords: [], blockedWords: [] },
    };
    expect(decideStatus({ ...base, contributor: 'reader', blocked: true })).toBe('spam');
    expect(decideStatus({ ...base, contributor: 'reader', blocked: false })).toBe('approved');
    expect(decideStatus({ ...base, contributor: 'author', blocked: true })).toBe('approved');
  });
});

describe.each(dbTargets)('blocks on %s', (target) => {
  let t: TestDatabase;
  let clock = Date.parse('2026-11-25T09:00:00Z');
  const tick = () => new Date((clock += 60_000));
  const schedule = { timeZone: 'Europe/Berlin', wishWeekday: 3 };
  const wishContext = (): WishContext => ({ now: tick(), schedule });
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());

  it('blocks a range, an email and an account; their next comment and wish are spam; one step removes the rest', async () => {
    const author = await makeConfirmedAccount(t.db, { name: 'Ada', role: 'author' });
    const rita = await makeConfirmedAccount(t.db, { name: 'Rita', email: 'rita@example.test' });
    const ritaUser = { id: rita.id, name: rita.name, role: rita.role as Role };
    const post = await makePost(t.db, { title: 'Hello' });
    const comment = (who: Commenter, fields: Record<string, string> = {}) =>
      createComment(t.db, { post_id: String(post.id), body: 'A word', ...fields }, who, tick(), {
        rateLimitFactor: 1000,
      });
    const visitor = (ip: string): Commenter => ({ user: null, ip, visitorTokenHash: `v-${ip}` });

    // Before any block: a known visitor's comment is published; Rita's too.
    const earlier = await comment(visitor('203.0.113.5'), { name: 'Vic', email: 'vic@example.test' });
    await t.db.updateTable('comments').set({ status: 'approved' }).where('id', '=', earlier.id!).execute();
    const ritaBefore = await comment({ user: ritaUser, ip: '192.0.2.1', visitorTokenHash: null });
    expect(ritaBefore.status).toBe('approved');
    const ritaWish = await postWish(
      t.db,
      { user: ritaUser, ip: '192.0.2.1', visitorTokenHash: null } satisfies Actor,
      { board_date: '2026-11-25', body: 'I wish for a quiet week.' },
      wishContext(),
    );
    expect(ritaWish.status).toBe('approved');

    const range = await addBlock(t.db, { kind: 'cidr', value: '203.0.113.0/24' }, author, tick());
    await expect(addBlock(t.db, { kind: 'cidr', value: '203.0.113.9/24' }, author, tick())).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(addBlock(t.db, { kind: 'cidr', value: 'nonsense' }, author, tick())).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      addBlock(t.db, { kind: 'account', value: 'nobody@example.test' }, author, tick()),
    ).rejects.toBeInstanceOf(ValidationError);
    const account = await addBlock(t.db, { kind: 'account', value: 'Rita@Example.test' }, author, tick());
    expect(account.label).toBe('Rita <rita@example.test>');
    const email = await addBlock(t.db, { kind: 'email', value: 'sly@example.test' }, author, tick());

    // The next comments: from the range (even with an email approved before), the account, the address.
    const fromRange = await comment(visitor('203.0.113.77'), { name: 'Vic', email: 'vic@example.test' });
    expect(fromRange).toMatchObject({ saved: true, status: 'spam' });
    expect((await comment({ user: ritaUser, ip: '192.0.2.1', visitorTokenHash: null })).status).toBe('spam');
    expect((await comment(visitor('198.51.100.1'), { name: 'Sly', email: 'SLY@example.test' })).status).toBe('spam');
    expect((await comment(visitor('198.51.100.2'), { name: 'Vic', email: 'vic@example.test' })).status).toBe(
      'approved',
    );
    const nextWish = await postWish(
      t.db,
      { user: ritaUser, ip: '192.0.2.1', visitorTokenHash: null },
      { board_date: '2026-11-25', body: 'I wish again.' },
      wishContext(),
    );
    expect(nextWish.status).toBe('spam');
    expect(await isBlocked(t.db, { userId: null, email: null, ip: '203.0.113.1' })).toBe(true);

    // One step: what Rita published before goes to spam, and what the range wrote.
    expect(await spamCommentsCoveredBy(t.db, account, tick())).toBe(1);
    expect(await spamWishesCoveredBy(t.db, account, { now: tick() })).toBe(1);
    expect(await spamCommentsCoveredBy(t.db, range, tick())).toBe(1);
    const status = async (table: 'comments' | 'wishes', id: number) =>
      (await t.db.selectFrom(table).select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    expect(await status('comments', ritaBefore.id!)).toBe('spam');
    expect(await status('comments', earlier.id!)).toBe('spam');
    expect(await status('wishes', ritaWish.wishId)).toBe('spam');

    await removeBlock(t.db, { id: String(email.id) });
    expect((await comment(visitor('198.51.100.3'), { name: 'Sly', email: 'sly@example.test' })).status).toBe('pending');
  });
});
