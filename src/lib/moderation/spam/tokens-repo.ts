// SQL for the spam filter's learnt word counts (table spam_tokens) and the verdict kept on an item.
// filter.ts holds the rules (weights, scoring, what is learnt).
import type { Db } from '../../db.ts';

export async function findTokenCounts(db: Db, tokens: string[]) {
  return db.selectFrom('spam_tokens').select(['token', 'spam', 'ham']).where('token', 'in', tokens).execute();
}

/** Adds counts to one side; rows should come sorted, so two decisions at once lock their rows in the same order. */
export async function addTokenCounts(db: Db, side: 'spam' | 'ham', rows: [token: string, n: number][]): Promise<void> {
  await db
    .insertInto('spam_tokens')
    .values(rows.map(([token, n]) => ({ token, spam: side === 'spam' ? n : 0, ham: side === 'ham' ? n : 0 })))
    .onConflict((oc) =>
      oc.column('token').doUpdateSet((eb) => ({ [side]: eb(`spam_tokens.${side}`, '+', eb.ref(`excluded.${side}`)) })),
    )
    .execute();
}

export async function updateVerdict(
  db: Db,
  table: 'comments' | 'wishes' | 'offers',
  id: number,
  verdict: { reason: string | null; spamScore: number | null },
): Promise<void> {
  await db
    .updateTable(table)
    .set({ moderation_reason: verdict.reason, spam_score: verdict.spamScore })
    .where('id', '=', id)
    .execute();
}

export async function findAuthoredTexts(db: Db, table: 'comments' | 'wishes' | 'offers', ids: number[]) {
  return db.selectFrom(table).select(['author_name', 'body_md']).where('id', 'in', ids).execute();
}
