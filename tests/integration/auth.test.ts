import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../../src/lib/auth/lucia.ts';
import { completeSetup, isSetupTokenValid, issueSetupToken } from '../../src/lib/auth/setup.ts';
import { hashToken as hashSessionId } from '../../src/lib/tokens.ts';
import { createAccount, hasAuthor, verifyCredentials } from '../../src/lib/auth/users.ts';
import { ConflictError, ForbiddenError, RateLimitedError, ValidationError } from '../../src/lib/errors.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { TEST_PASSWORD, makeAccount, makePost, uniqueEmail } from '../helpers/fixtures.ts';

describe.each(dbTargets)('accounts and sessions on %s', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());

  it('stores an argon2id hash, never the password', async () => {
    const email = uniqueEmail();
    await createAccount(t.db, { name: 'Ana', email, password: TEST_PASSWORD });
    const row = await t.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(TEST_PASSWORD);
  });

  it('refuses a second account for the same email', async () => {
    const email = uniqueEmail();
    await createAccount(t.db, { name: 'Ana', email, password: TEST_PASSWORD });
    await expect(createAccount(t.db, { name: 'Other', email, password: TEST_PASSWORD })).rejects.toThrow(ConflictError);
  });

  it('keeps only a SHA-256 of the session id, and validates by the real id', async () => {
    const account = await makeAccount(t.db);
    const auth = createAuth(t.db, { secureCookies: false, cookieName: 'wishcast_session', now: () => new Date() });
    const session = await auth.createSession(account.id, {});
    const rows = await t.db.selectFrom('sessions').select('id').where('user_id', '=', account.id).execute();
    expect(rows.map((r) => r.id)).toEqual([hashSessionId(session.id)]);
    expect(rows[0]!.id).not.toBe(session.id);

    const validated = await auth.validateSession(session.id);
    expect(validated.user?.name).toBe(account.name);
    // The stored hash itself does not work as a session id.
    expect((await auth.validateSession(rows[0]!.id)).session).toBeNull();

    await auth.invalidateSession(session.id);
    expect((await auth.validateSession(session.id)).session).toBeNull();
  });

  it('checks credentials and throttles after 5 failures per account', async () => {
    const account = await makeAccount(t.db);
    const now = new Date('2026-03-01T12:00:00Z');
    const ctx = { ip: '203.0.113.7', now };
    await expect(
      verifyCredentials(t.db, { email: account.email, password: TEST_PASSWORD }, ctx),
    ).resolves.toMatchObject({
      id: account.id,
    });
    for (let i = 0; i < 5; i++) {
      await expect(verifyCredentials(t.db, { email: account.email, password: 'wrong password' }, ctx)).rejects.toThrow(
        ValidationError,
      );
    }
    await expect(verifyCredentials(t.db, { email: account.email, password: TEST_PASSWORD }, ctx)).rejects.toThrow(
      RateLimitedError,
    );
    // 15 minutes later the account may try again, and success clears the count.
    const later = { ip: '203.0.113.7', now: new Date(now.getTime() + 15 * 60_000 + 1000) };
    await expect(
      verifyCredentials(t.db, { email: account.email, password: TEST_PASSWORD }, later),
    ).resolves.toBeTruthy();
  });

  it('gives the same answer for an unknown email as for a wrong password', async () => {
    const ctx = { ip: null, now: new Date() };
    const unknown = verifyCredentials(t.db, { email: uniqueEmail(), password: 'whatever1' }, ctx);
    await expect(unknown).rejects.toMatchObject({
      status: 400,
      fields: { password: 'That email and password do not match an account.' },
    });
  });

  it('issues a setup link only while there is no author, and it works once', async () => {
    expect(await hasAuthor(t.db)).toBe(false);
    await makePost(t.db, { slug: 'before-the-author', authorId: null });
    const token = await issueSetupToken(t.db);
    expect(token).toBeTruthy();
    expect(await isSetupTokenValid(t.db, token!)).toBe(true);
    const input = { name: 'The Author', email: uniqueEmail('author'), password: TEST_PASSWORD };
    const author = await completeSetup(t.db, token!, input, new Date());
    expect(author.role).toBe('author');
    // Posts imported before anyone could sign in now carry the first author's byline.
    const unowned = await t.db.selectFrom('posts').select('id').where('author_id', 'is', null).execute();
    expect(unowned).toEqual([]);
    const owned = await t.db
      .selectFrom('posts')
      .select('author_id')
      .where('slug', '=', 'before-the-author')
      .executeTakeFirst();
    expect(owned?.author_id).toBe(author.id);
    await expect(completeSetup(t.db, token!, { ...input, email: uniqueEmail('again') }, new Date())).rejects.toThrow(
      ForbiddenError,
    );
    expect(await isSetupTokenValid(t.db, token!)).toBe(false);
    expect(await issueSetupToken(t.db)).toBeNull();
  });
});
