// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  // HOST and PORT from the environment override these at run time.
  server: { host: 'localhost', port: 4321 },
  security: {
    checkOrigin: true,
    // posts (issue 3): a post body may be 100,000 characters, which form-encoded can reach ~900 KB.
    actionBodySizeLimit: 1024 * 1024,
  },
  // Sessions are lucia's, in the database; Astro's own session store is not used.
  session: false,
  trailingSlash: 'ignore',
  build: { inlineStylesheets: 'always' },
  devToolbar: { enabled: false },
});
