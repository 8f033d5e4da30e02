/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The request's ticket, made once by the listener (src/server/http/ticket.ts). */
    ticket?: import('./server/http/ticket.ts').Ticket;
    user: import('lucia').User | null;
    session: import('lucia').Session | null;
    /**
     * Set by a page whose signed-in readers all see the same thing apart from
     * the personal slots, except the accounts listed (see src/server/cache/personal-slots.ts).
     */
    sharedAmongReadersExcept?: ReadonlySet<string>;
    /** What that list was read from: the readers' shared copy is dropped when one of these changes. */
    sharedAmongReadersScopes?: readonly string[];
    /** The content versions the middleware read for this request (read after it arrived), for pages to reuse. */
    contentVersion?: import('./lib/content/version.ts').VersionState;
    /** What this page shows, so its cached copy is dropped when one of these changes (src/lib/content/scopes.ts). */
    cacheScopes?: readonly string[];
    /** The page is rendered to be kept for every reader of its role: mark personal slots, do not fill them. */
    keepsSlots?: boolean;
  }
}
