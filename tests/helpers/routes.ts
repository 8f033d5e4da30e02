// Every route file in src/pages with a concrete address to try, for the tests
// that must reach every route (cross-site posts). tests/unit/routes-inventory.test.ts
// fails when a route file is added without its line here.
export interface RouteValues {
  /** A published post's slug. */
  postSlug: string;
  /** A comment id that exists. */
  commentId: number;
  /** A post id that exists. */
  postId: number;
}

export function pageRoutes(values: RouteValues): Record<string, string> {
  const { postSlug, commentId, postId } = values;
  return {
    '404.astro': '/404',
    '[slug].astro': '/about',
    'account.astro': '/account',
    'account/delete.astro': '/account/delete',
    'account/export.json.ts': '/account/export.json',
    'account/password.astro': '/account/password',
    'admin/comments.astro': '/admin/comments',
    'admin/export.astro': '/admin/export',
    'admin/export/[format].ts': '/admin/export/json',
    'admin/import.astro': '/admin/import',
    'admin/fediverse.astro': '/admin/fediverse',
    'admin/index.astro': '/admin',
    'admin/mail.astro': '/admin/mail',
    'admin/subscribers/export.csv.ts': '/admin/subscribers/export.csv',
    'admin/subscribers/index.astro': '/admin/subscribers',
    'admin/media/index.astro': '/admin/media',
    'admin/pages/[id]/edit.astro': '/admin/pages/1/edit',
    'admin/pages/index.astro': '/admin/pages',
    'admin/pages/new.astro': '/admin/pages/new',
    'admin/posts/[id]/delete.astro': `/admin/posts/${postId}/delete`,
    'admin/posts/[id]/edit.astro': `/admin/posts/${postId}/edit`,
    'admin/posts/new.astro': '/admin/posts/new',
    'admin/privacy.astro': '/admin/privacy',
    'admin/prompts.astro': '/admin/prompts',
    'admin/settings.astro': '/admin/settings',
    'admin/stats.astro': '/admin/stats',
    'admin/wishes.astro': '/admin/wishes',
    'archive/[year]/[month].astro': '/archive/2026/01',
    'archive/index.astro': '/archive',
    'comments/[id]/delete.astro': `/comments/${commentId}/delete`,
    'comments/[id]/edit.astro': `/comments/${commentId}/edit`,
    'comments.xml.ts': '/comments.xml',
    'confirm-replies.astro': '/confirm-replies?token=x',
    'follow/confirm.astro': '/follow/confirm?token=x',
    'follow/index.astro': '/follow',
    'follow/manage.astro': '/follow/manage?token=x',
    'forbidden.astro': '/forbidden',
    'goodbye.astro': '/goodbye',
    'healthz.ts': '/healthz',
    'index.astro': '/',
    'atom.xml.ts': '/atom.xml',
    'feed.json.ts': '/feed.json',
    'login.astro': '/login',
    'logout.astro': '/logout',
    'media/[key].ts': '/media/abc.webp',
    'notifications.astro': '/notifications',
    'people/[handle].astro': '/people/someone',
    'people/[handle]/avatar.svg.ts': '/people/someone/avatar.svg',
    'posts/[slug].astro': `/posts/${postSlug}`,
    'posts/[slug]/comments.xml.ts': `/posts/${postSlug}/comments.xml`,
    'reset.astro': '/reset',
    'robots.txt.ts': '/robots.txt',
    'rss.xml.ts': '/rss.xml',
    'search.astro': '/search?q=wish',
    'setup.astro': '/setup',
    'signup.astro': '/signup',
    'sitemap.xml.ts': '/sitemap.xml',
    'tags/[tag].astro': '/tags/community',
    'tags/[tag]/[feed].ts': '/tags/community/atom.xml',
    'tags/index.astro': '/tags',
    // The one path with a request shape of its own (one-click unsubscribe), tried with and without a token.
    'unsubscribe.astro': '/unsubscribe?token=x',
    'verify.astro': '/verify?token=x',
    'wishes/[date].astro': '/wishes/2026-01-07',
    'wishes/[date]/[id].astro': '/wishes/2026-01-07/1',
    'wishes/[date]/rss.xml.ts': '/wishes/2026-01-07/rss.xml',
    'wishes/archive.astro': '/wishes/archive',
    'wishes/granted.astro': '/wishes/granted',
    'wishes/granted.xml.ts': '/wishes/granted.xml',
    'wishes/index.astro': '/wishes',
    'wishes/manage/[token].astro': `/wishes/manage/${'A'.repeat(43)}`,
  };
}
