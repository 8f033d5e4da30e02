// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

/**
 * @astrojs/node with our own server entry (src/server/entry.ts): it re-exports
 * the adapter's handler and adds the page cache's fast path, so scripts/serve.ts
 * imports both from one module graph instead of meeting through a global.
 * @param {Parameters<typeof node>[0]} options
 * @returns {import('astro').AstroIntegration}
 */
function nodeWithFastPath(options) {
  const integration = node(options);
  const configDone = integration.hooks['astro:config:done'];
  if (!configDone) throw new Error('@astrojs/node no longer sets its adapter in astro:config:done');
  integration.hooks['astro:config:done'] = (params) =>
    configDone({
      ...params,
      setAdapter: (adapter) =>
        params.setAdapter({ ...adapter, serverEntrypoint: new URL('./src/server/entry.ts', import.meta.url) }),
    });
  return integration;
}

export default defineConfig({
  output: 'server',
  adapter: nodeWithFastPath({
    mode: 'standalone',
    // Pages are small and rendered whole: an error while rendering (say the
    // database going away) then becomes a proper 503 instead of a cut-off page.
    experimentalDisableStreaming: true,
  }),
  // HOST and PORT from the environment override these at run time.
  server: { host: 'localhost', port: 4321 },
  security: {
    // Cross-site form posts are refused by our own rule (src/server/http/origin-check.ts): Astro's, with
    // SITE_URL's origin also accepted, so a built server behind a TLS proxy is configured at run time.
    checkOrigin: false,
    // The largest forms: an uploaded export at /admin/import (64 MB, src/lib/import/limits.ts) and an
    // image upload (src/lib/media/limits.ts); every other route has its own, smaller limit, applied
    // first (src/server/http/limits.ts).
    actionBodySizeLimit: 65 * 1024 * 1024,
    // A hash-based Content-Security-Policy header on every page: no inline script can run.
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' https:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ],
    },
  },
  // Sessions are lucia's, in the database; Astro's own session store is not used.
  session: false,
  trailingSlash: 'ignore',
  build: { inlineStylesheets: 'always' },
  devToolbar: { enabled: false },
});
