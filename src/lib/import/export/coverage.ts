// What a site export carries, table by table (issue 30). Every table in
// db/schema.ts is either carried by the JSON export (and the archive), carried
// by the complete archive alone (npm run export -- wishcast FILE), or left out
// on purpose (with why). tests/unit/export-coverage.test.ts fails when a table
// is in none of the lists, or still in MISSING_TABLES, so a new table (from any
// branch) is never forgotten silently.

/** Tables the JSON export carries (src/lib/import/export/json.ts). */
export const EXPORTED_TABLES = [
  'users',
  'settings',
  'posts',
  'tags',
  'post_tags',
  'comments',
  'prompts',
  'boards',
  'wishes',
  'offers',
  'pages',
] as const;

/** Tables left out on purpose, and why: none of them is content a moved site needs. */
export const EXCLUDED_TABLES: Record<string, string> = {
  sessions: 'sign-ins belong to this server; people sign in again',
  setup_tokens: 'one-time setup links of this server',
  rate_limit_hits: 'short-lived counters',
  site_state: 'the content version: a new site starts its own',
  content_scopes: 'cache versions: a new site starts its own',
  outbox: 'mail in flight or sent: not content, and holds live links',
  account_tokens: 'one-time links (verify, reset): never valid elsewhere',
  mail_runs: 'which scheduled mail ran when: clock-driven bookkeeping',
  manage_links: 'one-time links of this server',
  known_devices: 'devices seen signing in: security state of this server',
  two_step_secrets:
    'TOTP secrets: an export file must not carry what signs people in; after a move they sign in with their password and turn it on again',
  two_step_recovery_codes: 'hashes of single-use sign-in codes: go with the TOTP secrets they stand in for',
  two_step_pending: 'sign-ins waiting five minutes for their code',
  passkeys:
    "WebAuthn credentials are bound to this site's address (the RP ID): at another address they sign nobody in, and like TOTP secrets an export file must not decide who can sign in; after a move people sign in with their password and add a passkey again (npm run backup keeps them for the same site)",
  passkey_challenges: 'one-time challenges of passkey ceremonies, gone within minutes',
  import_links: 'what an earlier import wrote: bookkeeping of this server',
  fediverse_kv: "the fediverse library's cache",
  fediverse_queue: 'deliveries in flight',
  fediverse_keys: "the site's signing keys: a secret, never in an export",
  fediverse_announced_posts: 'which posts were announced: clock-driven bookkeeping',
  fediverse_announced_boards: 'which boards were announced: clock-driven bookkeeping',
  follower_mailed_posts: 'which posts were mailed to followers: clock-driven bookkeeping',
  imported_media: 'where imported images came from: bookkeeping of this server',
  daily_visits: 'visit counts of this server: statistics, not content',
  moderator_invitations: 'one-time invitation links of this server',
  fediverse_announced_wishes: 'which wishes were posted as notes: clock-driven bookkeeping',
  fediverse_fanouts: 'deliveries in flight',
  share_cards: 'drawn share cards: drawn again from the content on the first request',
};

/** Content the JSON export does not carry and the complete archive does (src/lib/import/export/archive/). */
export const ARCHIVED_TABLES: Record<string, string> = {
  post_slug_redirects: 'earlier slugs of posts',
  notifications: "people's notifications",
  mail_preferences: "people's mail choices",
  mail_addresses: 'confirmed visitor addresses',
  reply_subscriptions: 'who follows which thread by mail',
  offer_messages: 'private threads between a wisher and a helper',
  wish_followups: 'follow-ups on granted wishes',
  legacy_paths: "old addresses that answer 301 (also rebuilt by importing the old blog's export again)",
  media: 'the media library (and its files)',
  media_usages: 'which posts use which upload (recomputed from the Markdown on save)',
  fediverse_followers: 'fediverse followers',
  fediverse_reactions: 'replies, likes and boosts from the fediverse',
  followers: 'email subscribers',
  revisions: 'earlier versions of posts and pages',
  audit_log: "the author's and moderators' actions (kept a year)",
  blocks: 'blocked accounts, addresses and ranges',
  reports: "readers' reports on comments, wishes and offers",
  fediverse_blocked_domains: 'fediverse domains the author blocked',
  spam_tokens: "what the spam filter learnt from this site's approve and spam decisions",
  reactions: "readers' reactions to posts and comments, and wishes' cheers (the JSON export carries the cheers)",
};

/**
 * Content nothing carries yet. Kept empty: the coverage test fails while a
 * table waits here (a branch written before the archive may still add one).
 */
export const MISSING_TABLES: Record<string, string> = {};

/** Every table the complete archive carries, restored in dependency order whatever the order here. */
export const ARCHIVE_TABLES: readonly string[] = [...EXPORTED_TABLES, ...Object.keys(ARCHIVED_TABLES)];
