// SQL for share cards: what each subject is called (only what readers can see)
// and the drawn cards kept in the database, shared by every process.
import type { Db } from '../db.ts';
import { visibleToReaders } from '../posts/visibility.ts';

export async function selectPostTitle(db: Db, id: number, now: Date): Promise<string | null> {
  const row = await db
    .selectFrom('posts')
    .select('title')
    .where('id', '=', id)
    .where(visibleToReaders(now))
    .executeTakeFirst();
  return row?.title ?? null;
}

export async function selectPageTitle(db: Db, id: number): Promise<string | null> {
  const row = await db
    .selectFrom('pages')
    .select('title')
    .where('id', '=', id)
    .where('status', '=', 'published')
    .executeTakeFirst();
  return row?.title ?? null;
}

/** An approved wish's words and its board's date. */
export async function selectWish(db: Db, id: number): Promise<{ bodyMd: string; wishDate: string } | null> {
  const row = await db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select(['wishes.body_md', 'boards.wish_date'])
    .where('wishes.id', '=', id)
    .where('wishes.status', '=', 'approved')
    .executeTakeFirst();
  return row ? { bodyMd: row.body_md, wishDate: row.wish_date } : null;
}

export async function boardExists(db: Db, wishDate: string): Promise<boolean> {
  const row = await db.selectFrom('boards').select('id').where('wish_date', '=', wishDate).executeTakeFirst();
  return row !== undefined;
}

export async function selectKeptCard(db: Db, kind: string, subject: string) {
  return db
    .selectFrom('share_cards')
    .select(['fingerprint', 'png'])
    .where('kind', '=', kind)
    .where('subject', '=', subject)
    .executeTakeFirst();
}

export async function keepCard(
  db: Db,
  card: { kind: string; subject: string; fingerprint: string; png: Buffer; now: Date },
): Promise<void> {
  const values = { fingerprint: card.fingerprint, png: card.png, created_at: card.now };
  await db
    .insertInto('share_cards')
    .values({ kind: card.kind, subject: card.subject, ...values })
    .onConflict((oc) => oc.columns(['kind', 'subject']).doUpdateSet(values))
    .execute();
}
