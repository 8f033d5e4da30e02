// Frozen. "Could you help one of these first?" asks for the board's open wishes
// with the fewest offers. Counting them meant reading every offer of the board
// on every rendering of the board (3 ms with 4,000 offers, and the board is
// rendered again after every wish and offer on a wish day). Each wish now
// carries its count of standing offers (approved, not withdrawn), kept by the
// database itself on every insert, update and delete of an offer, so no code
// path can forget it; and an index hands over the fewest-offers wishes of a
// board in order.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('wishes')
    .addColumn('open_offer_count', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await sql`
    update wishes w set open_offer_count = c.n
    from (
      select wish_id, count(*)::int as n from offers
      where status = 'approved' and withdrawn_at is null group by wish_id
    ) c
    where c.wish_id = w.id`.execute(db);
  await sql`
    create function wishes_count_open_offers() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' and old.status = 'approved' and old.withdrawn_at is null then
        update wishes set open_offer_count = open_offer_count - 1 where id = old.wish_id;
      end if;
      if tg_op <> 'DELETE' and new.status = 'approved' and new.withdrawn_at is null then
        update wishes set open_offer_count = open_offer_count + 1 where id = new.wish_id;
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger offers_count_open after insert or delete or update of status, withdrawn_at, wish_id
    on offers for each row execute function wishes_count_open_offers()`.execute(db);
  await sql`
    create index wishes_give_first_idx on wishes (board_id, open_offer_count, created_at, id)
    where status = 'approved' and granted_at is null and rested_at is null`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger offers_count_open on offers`.execute(db);
  await sql`drop function wishes_count_open_offers()`.execute(db);
  await db.schema.dropIndex('wishes_give_first_idx').execute();
  await db.schema.alterTable('wishes').dropColumn('open_offer_count').execute();
}
