// Offers with the wish they answer and that wish's board: the join every offer list starts from.
import type { Db } from '../db.ts';

export function selectOffersOnBoards(db: Pick<Db, 'selectFrom'>) {
  return db
    .selectFrom('offers')
    .innerJoin('wishes', 'wishes.id', 'offers.wish_id')
    .innerJoin('boards', 'boards.id', 'wishes.board_id');
}
