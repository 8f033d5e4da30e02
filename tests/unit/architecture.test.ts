// The walls of ARCHITECTURE.md: ESLint refuses every forbidden arrow, and the
// source has no import cycles.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: resolve('.') });

async function wallErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(filePath) });
  return result!.messages.filter((m) => m.ruleId === 'architecture/walls').map((m) => m.message);
}

describe('lint walls', () => {
  const forbidden: [string, string, string][] = [
    ['a page importing kysely', 'src/pages/x.ts', "import { sql } from 'kysely';"],
    ['a page importing pg', 'src/pages/x.ts', "import pg from 'pg';"],
    ['an action importing sanitize-html', 'src/actions/x.ts', "import s from 'sanitize-html';"],
    ['a page importing the db module', 'src/pages/x.ts', "import { createDb } from '../lib/db.ts';"],
    ['a page importing db/schema.ts types', 'src/pages/x.ts', "import type { Database } from '../../db/schema.ts';"],
    ['a component importing db/schema.ts', 'src/components/x.ts', "import type { Role } from '../../db/schema.ts';"],
    ['an action importing db/schema.ts', 'src/actions/x.ts', "import type { Role } from '../../db/schema.ts';"],
    ['a page importing an action module', 'src/pages/x.ts', "import { wishes } from '../actions/wishes.ts';"],
    ['an action importing a component', 'src/actions/x.ts', "import a from '../components/forms/Field.astro';"],
    ['lib importing the edge', 'src/lib/posts/x.ts', "import { getApp } from '../../server/app.ts';"],
    ['lib importing astro:actions', 'src/lib/posts/x.ts', "import { ActionError } from 'astro:actions';"],
    ['lib importing a page', 'src/lib/x.ts', "export * from '../pages/index.astro';"],
    ['the edge importing an action', 'src/server/x.ts', "import { server } from '../actions/index.ts';"],
    ['a domain reaching into another', 'src/lib/comments/x.ts', "import { findPostById } from '../posts/view.ts';"],
    ['a domain reaching into another (dynamic)', 'src/lib/wishes/x.ts', "await import('../comments/repo.ts');"],
    ['a page writing a feed without src/lib/feeds', 'src/pages/x.ts', "import rss from '@astrojs/rss';"],
    [
      'a domain writing a feed without src/lib/feeds',
      'src/lib/comments/x.ts',
      "import { getRssString } from '@astrojs/rss';",
    ],
  ];
  for (const [name, file, code] of forbidden) {
    it(`refuses ${name}`, async () => {
      expect(await wallErrors(file, code)).toHaveLength(1);
    });
  }

  const allowed: [string, string, string][] = [
    ['a page calling a domain', 'src/pages/x.ts', "import { listTags } from '../lib/posts/tags.ts';"],
    ['a page using the edge', 'src/pages/x.ts', "import { getApp } from '../server/app.ts';"],
    ['a domain using a door', 'src/lib/comments/x.ts', "import { isPostVisible } from '../posts/visibility.ts';"],
    [
      'a domain using shared modules',
      'src/lib/wishes/x.ts',
      "import { renderMarkdown } from '../markdown/markdown.ts';",
    ],
    ['lib using astro/zod', 'src/lib/posts/x.ts', "import { z } from 'astro/zod';"],
    ['the edge using the database', 'src/server/x.ts', "import { isDatabaseUp } from '../lib/db.ts';"],
    ['the feed writer using @astrojs/rss', 'src/lib/feeds/x.ts', "import { getRssString } from '@astrojs/rss';"],
  ];
  for (const [name, file, code] of allowed) {
    it(`allows ${name}`, async () => {
      expect(await wallErrors(file, code)).toEqual([]);
    });
  }
});

async function queryErrors(filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath: resolve(filePath) });
  return result!.messages.filter((m) => m.ruleId === 'queries/queries-in-repos').length;
}

describe('SQL only in repository files', () => {
  const select = "export const f = (db: any) => db.selectFrom('posts').selectAll().execute();";
  const template = "import { sql } from 'kysely';\nexport const f = (db: any) => sql`select 1`.execute(db);";
  const typed =
    "import { sql } from 'kysely';\nexport const f = (db: any) => sql<{ n: number }>`select 1 as n`.execute(db);";
  const write = "export const f = (db: any) => db.updateTable('posts').set({ title: 'x' }).execute();";
  for (const [name, code] of [
    ['a select', select],
    ['a sql template', template],
    ['a typed sql template', typed],
    ['an update', write],
  ] as const) {
    it(`refuses ${name} in a service, a view, a page or the edge`, async () => {
      for (const file of [
        'src/lib/posts/service.ts',
        'src/lib/wishes/board/stats.ts',
        'src/pages/x.ts',
        'src/server/jobs.ts',
      ]) {
        expect(await queryErrors(file, code), file).toBe(1);
      }
    });
    it(`allows ${name} in repo.ts and <topic>-repo.ts`, async () => {
      for (const file of ['src/lib/posts/repo.ts', 'src/lib/wishes/loop/page-repo.ts']) {
        expect(await queryErrors(file, code), file).toBe(0);
      }
    });
  }
  it('leaves calls that only share a name alone', async () => {
    expect(
      await queryErrors('src/lib/posts/x.ts', "export const f = (m: Map<string, number>) => m.get('selectFrom');"),
    ).toBe(0);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|astro)$/.test(name) ? [path] : [];
  });
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Relative imports of a file, type-only ones included (they still tie modules together for a reader). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => resolve(dirname(file), (m[1] ?? m[2])!));
}

/** Every cycle's path, found by depth-first search over the import graph. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'active');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'active') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('import graph', () => {
  it('finds a planted cycle (the check works)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
  });

  it('has no import cycles in src/, scripts/ and db/', () => {
    const files = ['src', 'scripts', 'db'].flatMap((d) => sourceFiles(resolve(d)));
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    const cycles = findCycles(graph).map((c) => c.map((f) => relative(resolve('.'), f)).join(' → '));
    expect(cycles).toEqual([]);
  });
});

/** Paths (`src/lib/x.ts`) and bare file names (`x.ts`, `Y.astro`) a text mentions. */
const NAMED_FILE = /(?<![\w./*<>-])((?!dist\/|node_modules\/)[\w[\]/-]*\w\.(?:ts|astro|mjs|md))\b/g;

const COMMENT = /\/\/[^\n]*|\/\*[\s\S]*?\*\//g;

/** What a source's comments name that no tracked file answers to: a path must exist, a bare name somewhere. */
export function staleFileNames(source: string, paths: ReadonlySet<string>, baseNames: ReadonlySet<string>): string[] {
  const comments = source.match(COMMENT)?.join('\n') ?? '';
  return [...comments.matchAll(NAMED_FILE)]
    .map((m) => m[1]!)
    .filter((name) => (name.includes('/') ? !paths.has(name) && !baseNames.has(name) : !baseNames.has(name)));
}

describe('file names in comments', () => {
  const files = ['src', 'scripts', 'db', 'bench'].flatMap((d) => sourceFiles(resolve(d)));
  const paths = new Set(execFileSync('git', ['ls-files'], { encoding: 'utf8' }).split('\n').filter(Boolean));
  const names = new Set<string>();
  // A name relative to its folder (loop/input.ts) counts when some file's path ends with it.
  for (const path of paths)
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) names.add(path.slice(i + 1));

  it('finds a name that no longer exists (the check works)', () => {
    const text = [
      '// Kept in sync with learning.ts and src/server/cache/rules.ts;',
      '/* see page-store.ts and loop/input.ts */ const md = note.md;',
    ].join('\n');
    expect(staleFileNames(text, paths, names)).toEqual(['learning.ts', 'src/server/cache/rules.ts']);
  });

  it('names only files that exist, in src/, scripts/, db/ and bench/', () => {
    const stale = files.flatMap((file) =>
      staleFileNames(readFileSync(file, 'utf8'), paths, names).map(
        (name) => `${relative(resolve('.'), file)}: ${name}`,
      ),
    );
    expect(stale).toEqual([]);
  });
});
