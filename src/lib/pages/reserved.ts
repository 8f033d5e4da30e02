// Slugs a page may not take because the site itself answers at /<slug>. One
// list: the page form, the importer and the catch-all route all ask it, and a
// unit test fails when a new top-level route in src/pages is missing here.

/** Every top-level route of src/pages, plus paths the platform and planned features own. */
export const RESERVED_SLUGS: readonly string[] = Object.freeze([
  // src/pages
  '404',
  'account',
  'admin',
  'archive',
  'atom',
  'comments',
  'confirm-replies',
  'follow',
  'forbidden',
  'healthz',
  'livez',
  'readyz',
  'index',
  'login',
  'logout',
  'metrics',
  'moderator-invite',
  'notifications',
  'og',
  'posts',
  'report',
  'reset',
  'robots',
  'rss',
  'setup',
  'signup',
  'sitemap',
  'tags',
  'unsubscribe',
  'verify',
  'wishes',
  // Astro and the server
  '_actions',
  '_astro',
  '_server-islands',
  'api',
  // features that own a path
  'media',
  'search',
  'people',
  'goodbye',
  'feed',
  'follow',
  'ap',
  'nodeinfo',
  'import',
  'export',
]);

const reserved = new Set(RESERVED_SLUGS);

/** The route name a file in src/pages answers at: "rss.xml.ts" → "rss", "[slug].astro" → null. */
export function routeNameOf(fileName: string): string | null {
  const name = fileName.replace(/\.(astro|ts|js|md|mdx|html)$/, '').replace(/\..*$/, '');
  return name.startsWith('[') ? null : name;
}

export function isReservedSlug(slug: string): boolean {
  return reserved.has(slug) || slug.startsWith('_');
}
