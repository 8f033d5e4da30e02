// The walls of ARCHITECTURE.md, as one ESLint rule: which room may import
// which. Each import is resolved to a path in the repository, classified into a
// room, and checked against the arrows below.
import { dirname, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * Domains of src/lib that hold features. Importing another feature domain is
 * allowed only through one of its doors, so domains stay separable.
 */
export const FEATURE_DOMAINS = [
  'auth',
  'comments',
  'posts',
  'wishes',
  'mail',
  'pages',
  'import',
  'media',
  'search',
  'people',
  'federation',
  'reactions',
];

/** The files a feature domain opens to other domains ("from" → allowed targets). */
export const DOORS = {
  'posts/visibility.ts': [
    'comments',
    'search',
    'people',
    'pages',
    'import',
    'mail',
    'federation',
    'cards',
    'reactions',
  ],
  'posts/service.ts': ['auth', 'import'],
  'mail/door.ts': ['auth', 'comments', 'notifications', 'wishes'],
  // The wish board's fediverse actor posts a note when a board opens.
  'wishes/board/boards.ts': ['mail', 'federation'],
  'wishes/links.ts': ['mail', 'federation'],
  // The wish loop: absolute links in its feeds and mails; the 15-minute edit window comments have.
  'posts/feed.ts': ['wishes', 'federation'],
  'comments/policy.ts': ['wishes'],
  'posts/slug.ts': ['pages', 'import'],
  // The site export reads a post's tags as the post pages do.
  'posts/tags-column-repo.ts': ['import'],
  'pages/service.ts': ['import'],
  // Media (issue 15): posts render and record their uploads; media re-renders posts after a delete;
  // people process and store uploaded avatars.
  'posts/body.ts': ['media', 'import'],
  'media/post-media.ts': ['posts'],
  'media/avatar.ts': ['people'],
  'media/storage.ts': ['people', 'federation', 'import'],
  // Issue 30: an import copies the old site's images through the upload pipeline and re-renders the posts.
  'media/service.ts': ['import'],
  'media/view.ts': ['import'],
  'media/limits.ts': ['settings', 'people'],
  // Issue 15 (search and people):
  'posts/tags.ts': ['search'],
  'wishes/input.ts': ['search', 'people'],
  'wishes/offer-rows-repo.ts': ['people'],
  'people/handle.ts': ['auth'],
  'auth/password.ts': ['people'],
  'auth/passkeys/repo.ts': ['people'],
  'comments/leaving.ts': ['people'],
  'wishes/leaving.ts': ['people'],
  // Avatars beside a member's name in the comment thread (their uploaded picture or identicon).
  'people/avatar-html.ts': ['comments'],
  // The mail worker mints a mail's token-bearing link when it sends it (mail/live-links.ts).
  'auth/email-links.ts': ['mail'],
  'wishes/visitors/manage-links.ts': ['mail'],
  // The mail worker mints a moderator invitation's link when it sends it.
  'auth/moderator-links.ts': ['mail'],
  // Replies from the fediverse become comments under the comments domain's rules.
  'comments/remote.ts': ['federation'],
  // Replies to a shared wish's note become offers under the wish board's rules.
  'wishes/remote-offers.ts': ['federation'],
  // Issue 29: one mechanism for reactions. A wish's cheer is given through it and counted by its SQL; the comment
  // thread shows each comment's counts and buttons; exports read what was given.
  'reactions/service.ts': ['wishes'],
  'reactions/repo.ts': ['wishes', 'comments', 'people', 'import'],
  'reactions/kinds.ts': ['comments'],
  'reactions/render.ts': ['comments'],
};

/** Modules only the edge (src/server) and src/lib may import: the database and raw HTML. */
const DATABASE_MODULES = ['kysely', 'pg', '@electric-sql/pglite', 'sanitize-html'];

/** The room a repository path belongs to. */
export function roomOf(path) {
  const rel = relative(ROOT, path).split('\\').join('/');
  if (rel.startsWith('src/pages/')) return { room: 'pages' };
  if (rel.startsWith('src/components/') || rel.startsWith('src/layouts/')) return { room: 'components' };
  if (rel.startsWith('src/actions/')) return { room: 'actions' };
  if (rel.startsWith('src/server/') || rel === 'src/middleware.ts') return { room: 'server' };
  if (rel === 'src/lib/db.ts' || rel.startsWith('db/')) return { room: 'database', rel };
  if (rel.startsWith('src/lib/')) {
    const rest = rel.slice('src/lib/'.length);
    const domain = rest.includes('/') ? rest.split('/')[0] : null;
    return { room: 'lib', domain, rest };
  }
  return { room: 'other' };
}

/** Why importing `target` from `from` is forbidden, or null when it is allowed. */
export function forbiddenArrow(from, target) {
  const a = roomOf(from);
  const ui = a.room === 'pages' || a.room === 'components' || a.room === 'actions';
  if (target.kind === 'package') {
    if (ui && DATABASE_MODULES.includes(target.name))
      return `${a.room} must not import ${target.name}: call a src/lib function (HTML goes through src/lib/markdown).`;
    if (target.name === '@astrojs/rss' && a.room !== 'other' && !(a.room === 'lib' && a.domain === 'feeds'))
      return 'feeds are written by src/lib/feeds/rss.ts (buildRss), the one place that escapes their titles.';
    if (a.room === 'lib' && target.name.startsWith('astro:'))
      return `src/lib must not import ${target.name}: domain code runs without Astro (validation uses astro/zod).`;
    return null;
  }
  const b = roomOf(target.path);
  if (ui && b.room === 'database')
    return `${a.room} must not import ${b.rel}: the database is reached through src/lib functions.`;
  if ((a.room === 'pages' || a.room === 'components') && b.room === 'actions')
    return 'pages must not import src/actions: use `actions` from astro:actions, and src/server for shared edge code.';
  if (a.room === 'actions' && (b.room === 'pages' || b.room === 'components'))
    return 'actions must not import pages or components.';
  if (a.room === 'lib' && ['server', 'pages', 'components', 'actions'].includes(b.room))
    return `src/lib must not import the ${b.room} room: domain code knows nothing of requests.`;
  if (a.room === 'server' && ['pages', 'components', 'actions'].includes(b.room))
    return `src/server must not import ${b.room}.`;
  if (a.room === 'lib' && b.room === 'lib' && a.domain !== b.domain && FEATURE_DOMAINS.includes(b.domain)) {
    const allowed = DOORS[b.rest] ?? [];
    if (!allowed.includes(a.domain ?? ''))
      return `src/lib/${a.domain ?? '(root)'} must not reach into src/lib/${b.rest}: go through a door listed in eslint/architecture.js.`;
  }
  return null;
}

function check(context, node, specifier) {
  if (typeof specifier !== 'string') return;
  const from = context.filename;
  const target = specifier.startsWith('.')
    ? { kind: 'path', path: resolve(dirname(from), specifier) }
    : { kind: 'package', name: specifier };
  const message = forbiddenArrow(from, target);
  if (message) context.report({ node, message });
}

export default {
  rules: {
    walls: {
      meta: { type: 'problem', schema: [] },
      create(context) {
        return {
          ImportDeclaration: (node) => check(context, node, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(context, node, node.source.value),
          ExportAllDeclaration: (node) => check(context, node, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(context, node, node.source.value),
        };
      },
    },
  },
};
