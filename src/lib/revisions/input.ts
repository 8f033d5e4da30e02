// The forms of revisions: restoring one, and (from the editor's script) autosaving.
import { z } from 'astro/zod';
import { idField } from '../validation.ts';
import type { Subject } from './model.ts';

const subjectField = z.enum(['post', 'page']);

export const restoreRevisionInput = z.object({ subject: subjectField, id: idField, revision: idField });

/** The editor of one post or page, where the author goes back after a restore. */
export function editorPathOf(subject: Subject): string {
  return `/admin/${subject.kind}s/${subject.id}/edit`;
}

/** The page that lists and compares one post's or page's revisions. */
export function revisionsPathOf(subject: Subject): string {
  return `/admin/revisions/${subject.kind}s/${subject.id}`;
}

/** "posts" / "pages" in an address, as a subject kind; null for anything else. */
export function subjectKindOf(segment: string | undefined): Subject['kind'] | null {
  return segment === 'posts' ? 'post' : segment === 'pages' ? 'page' : null;
}
