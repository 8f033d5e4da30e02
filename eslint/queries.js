// SQL lives in repository files (ARCHITECTURE.md, "one shape per domain"): a
// Kysely query or a `sql` template anywhere else in src/ is an error, so rules,
// views and jobs read as rules and every query of a domain is found in one place.
import { basename, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** Query builder entry points: each starts a statement. */
const STATEMENTS = new Set(['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'mergeInto', 'replaceInto']);

/** A repository: repo.ts, or <topic>-repo.ts beside it when one file would grow too long. */
export function isRepositoryFile(path) {
  return /^(?:.+-)?repo\.ts$/.test(basename(path));
}

/**
 * Files that hold SQL and are not a domain's repository, each for a reason that
 * belongs to the file itself (say it in its first lines too).
 */
export const QUERY_EXCEPTIONS = {
  // The database module: opens Kysely, and answers "is the database up?" for /readyz.
  'src/lib/db.ts': 'the database module',
};

function isExempt(filename) {
  const rel = relative(ROOT, filename).split('\\').join('/');
  if (!rel.startsWith('src/')) return true;
  return isRepositoryFile(rel) || rel in QUERY_EXCEPTIONS;
}

const MESSAGE = 'SQL belongs in a repository file (repo.ts or <topic>-repo.ts): call a named function from it.';

export default {
  rules: {
    'queries-in-repos': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        if (isExempt(context.filename)) return {};
        return {
          CallExpression(node) {
            const callee = node.callee;
            if (callee.type === 'MemberExpression' && !callee.computed && STATEMENTS.has(callee.property.name)) {
              context.report({ node, message: MESSAGE });
            }
          },
          TaggedTemplateExpression(node) {
            const tag = node.tag.type === 'TSInstantiationExpression' ? node.tag.expression : node.tag;
            if (tag.type === 'Identifier' && tag.name === 'sql') context.report({ node, message: MESSAGE });
          },
        };
      },
    },
  },
};
