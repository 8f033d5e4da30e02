// SQL for blocks. blocks.ts holds the rules (what a block covers, how input is read).
import type { BlockKind } from '../../../db/schema.ts';
import type { Db } from '../db.ts';

export async function findAccountEmail(db: Db, userId: string) {
  return db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst();
}

export async function findAccountByEmail(db: Db, email: string) {
  return db.selectFrom('users').select(['id', 'role']).where('email', '=', email).executeTakeFirst();
}

/** Every range block, plus the account and email blocks that name this writer. */
export async function findBlocksFor(db: Db, writer: { userId: string | null; emails: string[] }) {
  return db
    .selectFrom('blocks')
    .select(['kind', 'value'])
    .where((eb) => {
      const any = [eb('kind', '=', 'cidr')];
      if (writer.userId) any.push(eb.and([eb('kind', '=', 'account'), eb('value', '=', writer.userId)]));
      if (writer.emails.length > 0) any.push(eb.and([eb('kind', '=', 'email'), eb('value', 'in', writer.emails)]));
      return eb.or(any);
    })
    .execute();
}

/** The new block's id, or undefined when the same block exists already. */
export async function insertBlock(
  db: Db,
  block: { kind: BlockKind; value: string; note: string; createdBy: string; createdAt: Date },
) {
  return db
    .insertInto('blocks')
    .values({
      kind: block.kind,
      value: block.value,
      note: block.note,
      created_by: block.createdBy,
      created_at: block.createdAt,
    })
    .onConflict((oc) => oc.columns(['kind', 'value']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

export async function deleteBlock(db: Db, id: number): Promise<void> {
  await db.deleteFrom('blocks').where('id', '=', id).execute();
}

/** Every block, newest first, with the blocked account's name and address. */
export async function findBlockRows(db: Db) {
  return db
    .selectFrom('blocks')
    .leftJoin('users', (join) => join.on('blocks.kind', '=', 'account').onRef('users.id', '=', 'blocks.value'))
    .select([
      'blocks.id',
      'blocks.kind',
      'blocks.value',
      'blocks.note',
      'blocks.created_at',
      'users.name as user_name',
      'users.email as user_email',
    ])
    .orderBy('blocks.id', 'desc')
    .execute();
}
