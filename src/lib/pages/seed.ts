// Pages every new site starts with (content/pages/*.md: the privacy page),
// created once on an empty database and editable like any other page after.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Db } from '../db.ts';
import { isPageSlugTaken } from './repo.ts';
import { createPage } from './service.ts';

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** Creates each page of `dir` whose slug is still free; returns how many were created. */
export async function seedPages(db: Db, dir: string, now: Date): Promise<number> {
  let created = 0;
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.md')).sort();
  for (const name of names) {
    const match = FRONT_MATTER.exec(await readFile(join(dir, name), 'utf8'));
    if (!match) throw new Error(`${name}: missing front matter (--- … ---)`);
    const meta = (parseYaml(match[1]!) ?? {}) as Record<string, unknown>;
    const slug = typeof meta.slug === 'string' ? meta.slug : name.replace(/\.md$/, '');
    if (await isPageSlugTaken(db, slug, null)) continue;
    await createPage(
      db,
      {
        title: String(meta.title ?? slug),
        slug,
        bodyMd: match[2]!.trim(),
        status: 'published',
        showInMenu: meta.menu === true,
        menuOrder: Number(meta.order ?? 0) || 0,
      },
      now,
    );
    created++;
  }
  return created;
}
