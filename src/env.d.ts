/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    user: import('lucia').User | null;
    session: import('lucia').Session | null;
    /**
     * Set by a page whose signed-in readers all see the same thing apart from
     * the personal slots, except the accounts listed (see src/lib/cache/personal-slots.ts).
     */
    sharedAmongReadersExcept?: ReadonlySet<string>;
    /** The content version the middleware read for this request (read after it arrived), for pages to reuse. */
    contentVersion?: import('./lib/content/version.ts').VersionState;
  }
}
