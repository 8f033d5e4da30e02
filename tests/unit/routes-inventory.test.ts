// The cross-site test reaches every route only if tests/helpers/routes.ts lists
// them all: this reads src/pages and fails when one is missing.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pageRoutes } from '../helpers/routes.ts';

describe('the route inventory', () => {
  it('has an address for every route file in src/pages', () => {
    const files = readdirSync('src/pages', { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(astro|ts)$/.test(entry.name))
      .map((entry) => `${entry.parentPath}/${entry.name}`.replace(/^src\/pages\/?/, ''))
      .sort();
    expect(files.length).toBeGreaterThan(20);
    expect(Object.keys(pageRoutes({ postSlug: 's', commentId: 1, postId: 1 })).sort()).toEqual(files);
  });
});
