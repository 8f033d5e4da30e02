// Posts written as files: content/posts/*.md with YAML front matter
// (title, slug, date, tags, draft), upserted by slug so re-running changes nothing.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { postChanged } from '../content/scopes.ts';
import { recordChange } from '../content/version.ts';
import type { Db } from '../db.ts';
import { recordPostMedia, renderPostBody } from './body.ts';
import { createPost } from './service.ts';
import { excerptFrom } from './map.ts';
import { findContentPostBySlug, updateContentPost } from './import-repo.ts';
import { findTagIds, replacePostTags } from './repo.ts';
import { parseTagList, slugify } from './slug.ts';

interface ContentFile {
  title: string;
  slug: string;
  date: Date;
  tags: string[];
  draft: boolean;
  excerpt: string | null;
  bodyMd: string;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

export function parseContentFile(fileName: string, text: string): ContentFile {
  const match = FRONT_MATTER.exec(text);
  if (!match) throw new Error(`${fileName}: missing front matter (--- … ---)`);
  const meta = (parseYaml(match[1]!) ?? {}) as Record<string, unknown>;
  const title = typeof meta.title === 'string' ? meta.title.trim() : '';
  if (!title) throw new Error(`${fileName}: front matter needs a title`);
  const date = meta.date instanceof Date ? meta.date : new Date(String(meta.date ?? ''));
  if (Number.isNaN(date.getTime())) throw new Error(`${fileName}: front matter needs a valid date`);
  const tags = Array.isArray(meta.tags) ? parseTagList(meta.tags.join(',')) : parseTagList(meta.tags as string);
  return {
    title,
    slug: typeof meta.slug === 'string' && meta.slug ? meta.slug : slugify(fileName.replace(/\.md$/, '')),
    date,
    tags,
    draft: meta.draft === true,
    excerpt: typeof meta.excerpt === 'string' ? meta.excerpt : null,
    bodyMd: match[2]!.trim(),
  };
}

/** Upserts one file's post by slug; returns whether it was created or updated. */
async function upsertContentPost(
  db: Db,
  file: ContentFile,
  authorId: string | null,
): Promise<'created' | 'updated' | 'unchanged'> {
  const status = file.draft ? 'draft' : 'published';
  const existing = await findContentPostBySlug(db, file.slug);
  if (!existing) {
    await createPost(db, {
      title: file.title,
      slug: file.slug,
      bodyMd: file.bodyMd,
      excerpt: file.excerpt,
      tags: file.tags,
      status,
      publishedAt: file.date,
      authorId,
    });
    return 'created';
  }
  const excerpt = file.excerpt ?? excerptFrom(file.bodyMd);
  const same =
    existing.title === file.title &&
    existing.body_md === file.bodyMd &&
    existing.excerpt === excerpt &&
    existing.status === status &&
    existing.published_at?.getTime() === file.date.getTime();
  await db.transaction().execute(async (trx) => {
    if (!same) {
      const body = await renderPostBody(trx, file.bodyMd);
      await recordPostMedia(trx, existing.id, body.mediaIds);
      await updateContentPost(trx, existing.id, {
        title: file.title,
        body_md: file.bodyMd,
        body_html: body.html,
        excerpt,
        status,
        published_at: file.date,
      });
    }
    const tagIds = await findTagIds(
      trx,
      file.tags.map((name) => ({ slug: slugify(name), name })),
    );
    await replacePostTags(trx, existing.id, tagIds);
    // A running server shows the imported version on its next request (tags may have changed too).
    await recordChange(trx, postChanged(existing.id));
  });
  return same ? 'unchanged' : 'updated';
}

export async function importContentDir(db: Db, dir: string, authorId: string | null = null) {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.md')).sort();
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const name of names) {
    const file = parseContentFile(name, await readFile(join(dir, name), 'utf8'));
    counts[await upsertContentPost(db, file, authorId)]++;
  }
  return counts;
}
