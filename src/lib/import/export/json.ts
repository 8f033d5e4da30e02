// The whole site as documented JSON (docs/moving-in-and-out.md, "Moving out"): accounts (never
// password hashes), tags, pages, posts with their threaded comments, prompts,
// boards, and wishes with their offers and cheers. Markdown sources only: HTML
// is what Wishcast renders from them. Streamed in batches.
import type { Db } from '../../db.ts';
import {
  BATCH,
  readAccounts,
  readBoards,
  readCommentsOf,
  readOffersOf,
  readPages,
  readPostBatch,
} from './read-repo.ts';
import { readPrompts, readTags, readWishBatch } from './read-repo.ts';
import { readCheersOf } from '../../reactions/repo.ts';
import type { ExportOptions } from './wxr.ts';

const JSON_FORMAT = 'wishcast-export';
const JSON_VERSION = 1;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** `"key":[` + items + `]`, one JSON.stringify per item. */
async function* array<T>(key: string, batches: AsyncIterable<T[]>, first = false): AsyncGenerator<string> {
  yield `${first ? '' : ','}\n"${key}":[`;
  let n = 0;
  for await (const batch of batches) {
    for (const item of batch) yield `${n++ === 0 ? '\n' : ',\n'}${JSON.stringify(item)}`;
  }
  yield '\n]';
}

async function* once<T>(items: Promise<T[]>): AsyncGenerator<T[]> {
  yield await items;
}

async function* posts(db: Db) {
  for (let after = 0; ;) {
    const rows = await readPostBatch(db, after);
    if (rows.length === 0) return;
    const comments = await readCommentsOf(
      db,
      rows.map((p) => p.id),
    );
    yield rows.map((p) => ({
      id: p.id,
      slug: p.slug,
      title: p.title,
      bodyMarkdown: p.body_md,
      excerpt: p.excerpt,
      status: p.status,
      publishedAt: iso(p.published_at),
      author: p.author_name,
      accountId: p.author_id,
      tags: (p.tags ?? []).map((t) => t.slug),
      commentsClosed: p.comments_closed,
      createdAt: iso(p.created_at),
      updatedAt: iso(p.updated_at),
      comments: comments
        .filter((c) => c.post_id === p.id)
        .map((c) => ({
          id: c.id,
          parentId: c.parent_id,
          accountId: c.user_id,
          authorName: c.author_name,
          authorEmail: c.user_id ? null : c.author_email,
          authorUrl: c.author_url,
          // A reply from the fediverse: its Note and writer, so a moved site still knows it (edits, deletions).
          fediverse: c.fediverse_note_id ? { noteId: c.fediverse_note_id, actorId: c.fediverse_actor_id } : null,
          bodyMarkdown: c.body_md,
          status: c.status,
          createdAt: iso(c.created_at),
        })),
    }));
    after = rows.at(-1)!.id;
    if (rows.length < BATCH) return;
  }
}

async function* wishes(db: Db) {
  for (let after = 0; ;) {
    const rows = await readWishBatch(db, after);
    if (rows.length === 0) return;
    const ids = rows.map((w) => w.id);
    const [offers, cheers] = await Promise.all([readOffersOf(db, ids), readCheersOf(db, ids)]);
    yield rows.map((w) => ({
      id: w.id,
      boardId: w.board_id,
      accountId: w.user_id,
      authorName: w.author_name,
      authorEmail: w.author_email,
      bodyMarkdown: w.body_md,
      status: w.status,
      grantedAt: iso(w.granted_at),
      thankYouMarkdown: w.thank_you_md,
      createdAt: iso(w.created_at),
      offers: offers
        .filter((o) => o.wish_id === w.id)
        .map((o) => ({
          id: o.id,
          accountId: o.user_id,
          authorName: o.author_name,
          authorEmail: o.author_email,
          authorUrl: o.author_url,
          fediverse: o.fediverse_note_id ? { noteId: o.fediverse_note_id, actorId: o.fediverse_actor_id } : null,
          kind: o.kind,
          bodyMarkdown: o.body_md,
          status: o.status,
          acceptedAt: iso(o.accepted_at),
          createdAt: iso(o.created_at),
        })),
      cheers: cheers
        .filter((c) => c.wish_id === w.id)
        .map((c) => ({ accountId: c.user_id, createdAt: iso(c.created_at) })),
    }));
    after = rows.at(-1)!.id;
    if (rows.length < BATCH) return;
  }
}

export async function* exportJson(db: Db, options: ExportOptions & { authorBio: string }): AsyncGenerator<string> {
  yield `{"format":${JSON.stringify(JSON_FORMAT)},"version":${JSON_VERSION},"exportedAt":${JSON.stringify(options.now.toISOString())},\n"site":${JSON.stringify(
    {
      url: options.siteUrl,
      name: options.siteName,
      tagline: options.tagline,
      authorBio: options.authorBio,
      timeZone: options.timeZone,
    },
  )}`;
  const accounts = readAccounts(db).then((rows) =>
    rows.map((a) => ({
      id: a.id,
      email: a.email,
      name: a.name,
      role: a.role,
      wishReminder: a.wish_reminder,
      createdAt: iso(a.created_at),
    })),
  );
  yield* array('accounts', once(accounts));
  yield* array('tags', once(readTags(db).then((rows) => rows.map((t) => ({ slug: t.slug, name: t.name })))));
  const pages = readPages(db).then((rows) =>
    rows.map((p) => ({
      id: p.id,
      slug: p.slug,
      title: p.title,
      bodyMarkdown: p.body_md,
      status: p.status,
      showInMenu: p.show_in_menu,
      menuOrder: p.menu_order,
      createdAt: iso(p.created_at),
      updatedAt: iso(p.updated_at),
    })),
  );
  yield* array('pages', once(pages));
  yield* array('posts', posts(db));
  yield* array(
    'prompts',
    once(readPrompts(db).then((rows) => rows.map((p) => ({ wishDate: p.wish_date, prompt: p.prompt })))),
  );
  const boards = readBoards(db).then((rows) =>
    rows.map((b) => ({ id: b.id, wishDate: b.wish_date, prompt: b.prompt, openedAt: iso(b.opened_at) })),
  );
  yield* array('boards', once(boards));
  yield* array('wishes', wishes(db));
  yield '\n}\n';
}
