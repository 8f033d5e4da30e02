// SQL for the private threads under accepted offers.
import type { SharedKind, ThreadSide } from '../../../../db/schema.ts';
import type { Db } from '../../db.ts';

interface NewMessage {
  offerId: number;
  side: ThreadSide;
  userId: string | null;
  authorName: string;
  now: Date;
}

export function insertMessage(db: Db, m: NewMessage, body: { md: string; html: string }): Promise<number> {
  return insertThreadRow(db, m, { body_md: body.md, body_html: body.html });
}

export function insertSharedDetail(
  db: Db,
  m: NewMessage,
  detail: { kind: SharedKind; value: string },
): Promise<number> {
  return insertThreadRow(db, m, { shared_kind: detail.kind, shared_value: detail.value });
}

/** One row of a thread: who wrote it and when, and what it carries (a message or a shared detail). */
async function insertThreadRow(
  db: Db,
  m: NewMessage,
  content: { body_md: string; body_html: string } | { shared_kind: SharedKind; shared_value: string },
): Promise<number> {
  const row = await db
    .insertInto('offer_messages')
    .values({
      offer_id: m.offerId,
      side: m.side,
      user_id: m.userId,
      author_name: m.authorName,
      ...content,
      created_at: m.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function hasShared(db: Db, offerId: number, side: ThreadSide, kind: SharedKind, value: string) {
  const row = await db
    .selectFrom('offer_messages')
    .select('id')
    .where('offer_id', '=', offerId)
    .where('side', '=', side)
    .where('shared_kind', '=', kind)
    .where('shared_value', '=', value)
    .executeTakeFirst();
  return row !== undefined;
}

/** The messages under these offers, oldest first. Callers pass only offers the viewer may see. */
export async function selectMessages(db: Db, offerIds: number[]) {
  if (offerIds.length === 0) return [];
  return db
    .selectFrom('offer_messages')
    .select(['id', 'offer_id', 'side', 'author_name', 'body_html', 'shared_kind', 'shared_value', 'created_at'])
    .where('offer_id', 'in', offerIds)
    .orderBy('offer_id')
    .orderBy('id')
    .execute();
}
