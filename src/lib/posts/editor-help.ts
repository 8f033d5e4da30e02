// What the editor's script asks of the server: the body rendered as readers
// will see it (through the one Markdown module, as saving does), and an
// autosave kept as a revision. An autosave never touches the post itself, so a
// published post's live text changes only when the author saves or publishes.
import { z } from 'astro/zod';
import type { Db } from '../db.ts';
import { NotFoundError } from '../errors.ts';
import { idField, parseInput } from '../validation.ts';
import type { SavedBy } from '../revisions/model.ts';
import { keepRevision, listRevisions } from '../revisions/revisions.ts';
import { renderPostBody } from './body.ts';
import { BODY_MAX, EXCERPT_MAX, TITLE_MAX } from './input.ts';
import { lockPost } from './repo.ts';

const text = (max: number) => z.string().max(max).nullish();

export const previewInput = z.object({ body: text(BODY_MAX) });

export const autosaveInput = z.object({
  id: idField,
  title: text(TITLE_MAX),
  body: text(BODY_MAX),
  excerpt: text(EXCERPT_MAX),
});

/** The body as the post page would show it (uploads as pictures): saves nothing. */
export async function previewPostBody(db: Db, raw: unknown): Promise<{ html: string }> {
  const input = parseInput(previewInput, raw);
  return { html: (await renderPostBody(db, input.body ?? '')).html };
}

/**
 * Keeps the editor's text as an 'autosave' revision of the post, unless it is
 * what the newest revision already holds. Returns whether one was kept.
 */
export async function autosavePost(db: Db, raw: unknown, savedBy: SavedBy): Promise<{ kept: boolean }> {
  const input = parseInput(autosaveInput, raw);
  return db.transaction().execute(async (trx) => {
    if (!(await lockPost(trx, input.id))) throw new NotFoundError('This post no longer exists.');
    const subject = { kind: 'post', id: input.id } as const;
    const content = {
      title: (input.title ?? '').trim() || 'Untitled',
      bodyMd: input.body ?? '',
      excerpt: input.excerpt?.trim() || null,
    };
    const [newest] = await listRevisions(trx, subject);
    const same =
      newest &&
      newest.title === content.title &&
      newest.bodyMd === content.bodyMd &&
      newest.excerpt === content.excerpt;
    if (same) return { kept: false };
    await keepRevision(trx, subject, content, savedBy, 'autosave');
    return { kept: true };
  });
}
