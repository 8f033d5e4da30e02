// What the weekly digest says: wishes of the week's board still waiting for
// support, the newest posts, and the wishes granted this week. SQL only.
import { markdownToText, truncateText } from '../markdown/markdown.ts';
import type { Db } from '../db.ts';
import type { MailSection } from './compose.ts';
import { absoluteUrl, type MailContext } from './context.ts';
import { wishLink } from '../wishes/links.ts';

const WEEK_MS = 7 * 86_400_000;

function wishLabel(bodyMd: string, name: string): string {
  return `${truncateText(markdownToText(bodyMd), 120)} (${name})`;
}

/** How many published wishes the board got: none, and the digest says the board stayed empty. */
export async function countBoardWishes(db: Db, boardDate: string): Promise<number> {
  const row = await db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('boards.wish_date', '=', boardDate)
    .where('wishes.status', '=', 'approved')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function digestSections(
  db: Db,
  boardDate: string,
  now: Date,
  context: MailContext,
  boardWishes: number,
): Promise<MailSection[]> {
  const weekAgo = new Date(now.getTime() - WEEK_MS);
  const waiting = await db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select(['wishes.id', 'wishes.body_md', 'wishes.author_name'])
    .where('boards.wish_date', '=', boardDate)
    .where('wishes.status', '=', 'approved')
    .where('wishes.granted_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('offers')
            .select('offers.id')
            .whereRef('offers.wish_id', '=', 'wishes.id')
            .where('offers.status', '=', 'approved'),
        ),
      ),
    )
    .orderBy('wishes.created_at')
    .limit(20)
    .execute();
  const posts = await db
    .selectFrom('posts')
    .select(['slug', 'title'])
    .where('status', '!=', 'draft')
    .where('published_at', '<=', now)
    .where('published_at', '>', weekAgo)
    .orderBy('published_at', 'desc')
    .limit(5)
    .execute();
  // Alike the posts query above: kept apart because only the shape is shared; each lists its own week's news.
  const granted = await db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select(['wishes.id', 'wishes.body_md', 'wishes.author_name', 'boards.wish_date'])
    .where('wishes.status', '=', 'approved')
    .where('wishes.granted_at', '>', weekAgo)
    .where('wishes.granted_at', '<=', now)
    .orderBy('wishes.granted_at', 'desc')
    .limit(10)
    .execute();
  const wishUrl = (date: string, id: number) => absoluteUrl(context, wishLink(date, id));
  return [
    {
      title: 'Wishes still waiting for support',
      empty:
        boardWishes === 0
          ? 'No wishes were made on this week’s board.'
          : 'Every wish on this week’s board has had an offer. Thank you!',
      items: waiting.map((w) => ({ label: wishLabel(w.body_md, w.author_name), url: wishUrl(boardDate, w.id) })),
    },
    {
      title: 'New posts',
      empty: 'No new posts this week.',
      items: posts.map((p) => ({ label: p.title, url: absoluteUrl(context, `/posts/${p.slug}`) })),
    },
    {
      title: 'Granted this week',
      empty: 'No wish was marked granted this week.',
      items: granted.map((w) => ({ label: wishLabel(w.body_md, w.author_name), url: wishUrl(w.wish_date, w.id) })),
    },
  ];
}
