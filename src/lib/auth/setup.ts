// The one-time setup link printed to the log while no author exists.
import type { Db } from '../db.ts';
import { hashToken, newToken } from '../tokens.ts';
import { ForbiddenError } from '../errors.ts';
import { createAccount, hasAuthor, type Account } from './users.ts';
import type { SignUpInput } from './input.ts';
import { adoptUnownedPosts } from '../posts/service.ts';
import {
  deleteUnusedSetupTokens,
  findNewestUnusedSetupToken,
  findUnusedSetupToken,
  insertSetupToken,
  spendSetupToken,
} from './tokens-repo.ts';

/** Issues a fresh token when no author exists (older unused tokens are dropped); null otherwise. */
export async function issueSetupToken(db: Db): Promise<string | null> {
  if (await hasAuthor(db)) return null;
  const token = newToken();
  await db.transaction().execute(async (trx) => {
    await deleteUnusedSetupTokens(trx);
    await insertSetupToken(trx, hashToken(token));
  });
  return token;
}

type FirstStartLink = { token: string } | { printedAt: Date } | null;

/**
 * The setup link on a start: a fresh token when no author exists and no
 * unused one is waiting; when one is (another process, or an earlier start,
 * printed it), only when that was, since the token is kept hashed and cannot
 * be printed again. Null once an author exists. Callers hold the start-up
 * lock, so processes starting together issue one link between them.
 */
export async function setupLinkOnStart(db: Db): Promise<FirstStartLink> {
  if (await hasAuthor(db)) return null;
  const waiting = await findNewestUnusedSetupToken(db);
  if (waiting) return { printedAt: new Date(waiting.created_at) };
  const token = await issueSetupToken(db);
  return token ? { token } : null;
}

export async function isSetupTokenValid(db: Db, token: string): Promise<boolean> {
  const row = await findUnusedSetupToken(db, hashToken(token));
  return row !== undefined && !(await hasAuthor(db));
}

/** Spends the token and creates the first author, atomically: a token works once. */
export async function completeSetup(db: Db, token: string, input: SignUpInput, now: Date): Promise<Account> {
  return db.transaction().execute(async (trx) => {
    const spent = await spendSetupToken(trx, hashToken(token), now);
    if (!spent || (await hasAuthor(trx))) {
      throw new ForbiddenError('This setup link has already been used or has expired.');
    }
    const author = await createAccount(trx, input, 'author');
    await adoptUnownedPosts(trx, author.id);
    return author;
  });
}
