// What the page cache is built with, once, in the app's wiring (src/server/app.ts):
// its store, the version reader, the clock, sessions, and what the routes and
// domains register (a page's scopes, time-based expiries, the own-controls
// filler). The cache reaches for nothing else.
import type { Auth } from '../../lib/auth/lucia.ts';
import type { VersionState } from '../../lib/content/version.ts';
import type { Entry } from './pages.ts';
import type { PageStore } from './page-store.ts';
import type { OwnControlsFiller } from './personal-slots.ts';

export interface PageCacheDeps {
  store: PageStore<Entry>;
  /** The content versions, read after the caller asked (see version-reader.ts). */
  readVersions: () => Promise<VersionState>;
  now: () => Date;
  auth: Auth;
  /** What a page depends on when it does not say (src/server/route-rules.ts). */
  routeScopes: (pathname: string) => readonly string[];
  /** When a page rendered now under `state` must be rendered again even without a write. */
  expiryFor: (state: VersionState, now: number) => number;
  /** A reader's own Edit/Delete links in a kept thread (registered by the comments domain). */
  fillOwn: OwnControlsFiller;
}
