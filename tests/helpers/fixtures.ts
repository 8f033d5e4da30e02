// Small builders for test data, going through the same services as the app.
import { randomBytes } from 'node:crypto';
import type { Role } from '../../db/schema.ts';
import type { Db } from '../../src/lib/db.ts';
import { createAccount, markEmailVerified, type Account } from '../../src/lib/auth/users.ts';
import { createPost } from '../../src/lib/posts/service.ts';
import { type Post, type PostDraft } from '../../src/lib/posts/model.ts';

export function uniqueEmail(prefix = 'person'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}@example.test`;
}

export const TEST_PASSWORD = 'correct horse battery';

export function makeAccount(db: Db, overrides: { name?: string; email?: string; role?: Role } = {}): Promise<Account> {
  return createAccount(
    db,
    { name: overrides.name ?? 'Test Person', email: overrides.email ?? uniqueEmail(), password: TEST_PASSWORD },
    overrides.role ?? 'reader',
  );
}

/**
 * An account that confirmed its email, as anyone who comments does: an
 * unconfirmed account's comments, wishes and offers are held (moderation/accounts.ts).
 */
export async function makeConfirmedAccount(
  db: Db,
  overrides: { name?: string; email?: string; role?: Role } = {},
): Promise<Account> {
  const account = await makeAccount(db, overrides);
  await markEmailVerified(db, account.id, new Date('2026-01-01T00:00:00Z'));
  return account;
}

/** createAccount, then the email confirmed (for tests that seed accounts with their own passwords). */
export async function createConfirmedAccount(
  db: Db,
  input: { name: string; email: string; password: string },
  role: Role = 'reader',
): Promise<Account> {
  const account = await createAccount(db, input, role);
  await markEmailVerified(db, account.id, new Date('2026-01-01T00:00:00Z'));
  return account;
}

export function makePost(db: Db, overrides: Partial<PostDraft> = {}): Promise<Post> {
  return createPost(db, {
    title: 'A test post',
    slug: null,
    bodyMd: 'Some **body** text.',
    excerpt: null,
    tags: [],
    status: 'published',
    publishedAt: new Date('2026-01-01T10:00:00Z'),
    authorId: null,
    ...overrides,
  });
}
