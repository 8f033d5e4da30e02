// A realistic small site for page audits (npm run audit:pages, the axe e2e test):
// the sample posts, a threaded conversation under one of them, and this week's
// wish board with wishes, offers, cheers and a granted wish, plus a few held
// items so the moderation queues have something in them. Everything goes
// through the service layer, as the app would write it.
// The board takes wishes only when the site's WISH_DAY is `now`'s weekday.
import { resolve } from 'node:path';
import { DateTime } from 'luxon';
import type { Db } from '../src/lib/db.ts';
import { createAccount, markEmailVerified, type Account } from '../src/lib/auth/users.ts';
import { createComment } from '../src/lib/comments/service.ts';
import { importContentDir } from '../src/lib/posts/import.ts';
import type { WishSchedule } from '../src/lib/schedule/week.ts';
import { ensureCurrentBoard, openBoard } from '../src/lib/wishes/board/boards.ts';
import { acceptOffer, grantWish } from '../src/lib/wishes/loop/outcomes.ts';
import { wishLink } from '../src/lib/wishes/links.ts';
import { cheerWish, postOffer, postWish } from '../src/lib/wishes/service.ts';
import { postMessage } from '../src/lib/wishes/loop/threads.ts';

export const SAMPLE_PASSWORD = 'sample site password';
export const SAMPLE_AUTHOR_EMAIL = 'author@sample.test';
/** The sample post that gets the conversation. */
export const SAMPLE_POST_SLUG = 'ask-what-you-can-do-first';
/** The sample post that gets a long thread when one is asked for. */
export const LONG_THREAD_SLUG = 'the-power-of-an-introduction';

export interface SampleSite {
  postSlug: string;
  /** The post with the long thread, when `longThread` was asked for. */
  longThreadSlug: string | null;
  boardDate: string;
  /** The granted wish's own page, with a private conversation under its accepted offer. */
  wishPath: string;
  authorEmail: string;
  readerEmail: string;
  password: string;
}

const LENIENT = 1e9;

const THREAD: { by: number; replyTo: number | null; body: string }[] = [
  { by: 1, replyTo: null, body: 'I tried this at a meetup last week. Asking first made the whole evening easier.' },
  { by: 0, replyTo: 0, body: 'So glad it helped! What did people say when you asked?' },
  { by: 1, replyTo: 1, body: 'Mostly surprise, then *real* answers. Two of them wrote to me the next day.' },
  { by: 2, replyTo: null, body: 'Could you say more about **following up**? That is where I usually drop the ball.' },
  { by: 0, replyTo: 3, body: 'Within a day, one line, one concrete thing: [a link](https://example.org) or a name.' },
  { by: 1, replyTo: 3, body: 'A note in my calendar for the next morning works for me.' },
];

const VISITOR_COMMENT = { name: 'Sam Visitor', email: 'sam@visitor.test', website: '' };

/**
 * `longThread`: also give LONG_THREAD_SLUG that many comments, a third top-level
 * and the rest replies up to five deep, as in a busy post.
 */
export async function seedSampleSite(
  db: Db,
  now: Date,
  schedule: WishSchedule,
  options: { longThread?: number } = {},
): Promise<SampleSite> {
  // The sample people confirmed their email: an unconfirmed account's comments and wishes wait for the author.
  const account = async (name: string, email: string, role: 'author' | 'reader' = 'reader') => {
    const created = await createAccount(db, { name, email, password: SAMPLE_PASSWORD }, role);
    await markEmailVerified(db, created.id, now);
    return created;
  };
  const author = await account('Ada Author', SAMPLE_AUTHOR_EMAIL, 'author');
  const readers: Account[] = [
    author,
    await account('Bea Reader', 'bea@sample.test'),
    await account('Cai Reader', 'cai@sample.test'),
  ];
  await importContentDir(db, resolve('content/posts'), author.id);
  const post = await db.selectFrom('posts').select('id').where('slug', '=', SAMPLE_POST_SLUG).executeTakeFirstOrThrow();

  // The conversation, a minute apart, then a visitor's first comment (held for moderation).
  const ids: number[] = [];
  for (const [i, c] of THREAD.entries()) {
    const who = readers[c.by]!;
    const created = await createComment(
      db,
      { post_id: String(post.id), parent_id: c.replyTo === null ? '' : String(ids[c.replyTo]), body: c.body },
      { user: { id: who.id, name: who.name, role: who.role }, ip: null, visitorTokenHash: null },
      new Date(now.getTime() - (THREAD.length - i) * 60_000),
      { rateLimitFactor: LENIENT },
    );
    ids.push(created.id!);
  }
  await createComment(
    db,
    { post_id: String(post.id), parent_id: '', body: 'Lovely post. Sharing it with my team.', ...VISITOR_COMMENT },
    { user: null, ip: '192.0.2.10', visitorTokenHash: null },
    now,
    { rateLimitFactor: LENIENT },
  );

  // Last week's board (for the archive), then this week's.
  const context = { now, schedule, rateLimitFactor: LENIENT };
  const board = await ensureCurrentBoard(db, now, schedule);
  const lastWeek = DateTime.fromISO(board.date, { zone: 'UTC' }).minus({ weeks: 1 }).toISODate()!;
  await openBoard(db, lastWeek, new Date(now.getTime() - 7 * 86_400_000), schedule.timeZone);
  const actor = (a: Account) => ({ user: { id: a.id, name: a.name, role: a.role }, ip: null, visitorTokenHash: null });
  const [, bea, cai] = readers as [Account, Account, Account];
  const wish = (who: Account, body: string) =>
    postWish(db, actor(who), { board_date: board.date, body }, context).then((w) => w.wishId);
  const offer = (who: Account, wishId: number, kind: string, body: string) =>
    postOffer(db, actor(who), { wish_id: String(wishId), board_date: board.date, kind, body }, context);

  const clients = await wish(bea, 'I wish to find **three clients** who love hand-bound notebooks.');
  const repair = await wish(cai, 'I wish to meet someone who has run a repair café, to ask about volunteers.');
  const mentor = await wish(author, 'I wish for a mentor in community moderation.');
  const intro = await offer(cai, clients, 'introduction', 'I know a stationery shop owner. Happy to introduce you.');
  await offer(author, clients, 'encouragement', 'Your notebooks are *beautiful*. Keep going!');
  await offer(bea, repair, 'referral', 'The library runs one on Saturdays; ask for Jo.');
  await offer(cai, mentor, 'resource', 'This guide helped me: [moderation notes](https://example.org/notes).');
  for (const [who, wishId] of [
    [cai, clients],
    [author, clients],
    [bea, repair],
  ] as const) {
    await cheerWish(db, who.id, { wish_id: String(wishId), board_date: board.date }, context);
  }
  const asBea = { user: actor(bea).user, link: null };
  const loop = { now, siteUrl: 'http://localhost', sendMail: null };
  await acceptOffer(db, asBea, { offer_id: String(intro.offerId), wish_id: String(clients) }, loop);
  const thread = { offer_id: String(intro.offerId) };
  await postMessage(db, asBea, { ...thread, body: 'Thank you, Cai! Could you introduce us this week?' }, loop);
  await postMessage(
    db,
    { user: actor(cai).user, link: null },
    { ...thread, body: 'Done: *check your inbox*.' },
    {
      ...loop,
      now: new Date(now.getTime() + 5000),
    },
  );
  await grantWish(db, asBea, { wish_id: String(clients), thank_you: 'Thank you, Cai: two orders already!' }, context);

  // A visitor's first wish and offer wait for the author.
  const visitor = { user: null, ip: '192.0.2.20', visitorTokenHash: null };
  const visitorFields = { name: 'Vic Visitor', email: 'vic@visitor.test' };
  await postWish(
    db,
    visitor,
    { board_date: board.date, body: 'I wish to learn bookbinding.', ...visitorFields },
    context,
  );
  await postOffer(
    db,
    visitor,
    { wish_id: String(repair), board_date: board.date, kind: 'skill', body: 'I can fix lamps.', ...visitorFields },
    context,
  );

  if (options.longThread) await seedLongThread(db, readers, options.longThread, now);

  return {
    postSlug: SAMPLE_POST_SLUG,
    longThreadSlug: options.longThread ? LONG_THREAD_SLUG : null,
    boardDate: board.date,
    wishPath: wishLink(board.date, clients),
    authorEmail: SAMPLE_AUTHOR_EMAIL,
    readerEmail: bea.email,
    password: SAMPLE_PASSWORD,
  };
}

async function seedLongThread(db: Db, people: Account[], count: number, now: Date): Promise<void> {
  const post = await db.selectFrom('posts').select('id').where('slug', '=', LONG_THREAD_SLUG).executeTakeFirstOrThrow();
  const placed: { id: number; depth: number }[] = [];
  for (let i = 0; i < count; i++) {
    const open = placed.filter((c) => c.depth < 5);
    const parent = i % 3 === 0 || open.length === 0 ? null : open[(i * 31) % open.length]!;
    const who = people[i % people.length]!;
    const sentence = THREAD[i % THREAD.length]!.body;
    const created = await createComment(
      db,
      { post_id: String(post.id), parent_id: parent ? String(parent.id) : '', body: `${sentence} (${i + 1})` },
      { user: { id: who.id, name: who.name, role: who.role }, ip: null, visitorTokenHash: null },
      new Date(now.getTime() - (count - i) * 1000),
      { rateLimitFactor: LENIENT },
    );
    placed.push({ id: created.id!, depth: parent ? parent.depth + 1 : 1 });
  }
}
