// The database as Kysely sees it. Migrations (db/migrations) are the source of
// truth; this interface mirrors them.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A moderator approves, marks as spam and deletes what readers write; no posts, settings, private threads or contact details. */
export type Role = 'reader' | 'moderator' | 'author';
export type PostStatus = 'draft' | 'scheduled' | 'published';
export type ModerationStatus = 'pending' | 'approved' | 'spam' | 'deleted';
export type OfferKind = 'encouragement' | 'introduction' | 'referral' | 'skill' | 'resource';

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  wish_reminder: Generated<boolean>;
  created_at: CreatedAt;
  /** When the current email was confirmed by a link; null = unverified (no mail but the verification). */
  email_verified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the session id in the cookie; the id itself is never stored. */
  id: string;
  user_id: string;
  expires_at: Timestamp;
}

export interface SetupTokensTable {
  token_hash: string;
  created_at: CreatedAt;
  used_at: Timestamp | null;
}

export interface RateLimitHitsTable {
  id: Generated<number>;
  bucket: string;
  hit_at: Timestamp;
}

export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
}

export interface PostsTable {
  id: Generated<number>;
  slug: string;
  title: string;
  body_md: string;
  body_html: string;
  excerpt: string;
  status: PostStatus;
  published_at: Timestamp | null;
  author_id: string | null;
  comments_closed: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export interface PostTagsTable {
  post_id: number;
  tag_id: number;
}

export interface PostSlugRedirectsTable {
  old_slug: string;
  post_id: number;
}

export interface CommentsTable {
  id: Generated<number>;
  post_id: number;
  parent_id: number | null;
  user_id: string | null;
  author_name: string;
  author_email: string | null;
  author_url: string | null;
  body_md: string;
  body_html: string;
  status: ModerationStatus;
  /** SHA-256 of the posting visitor's cookie, so a held item is shown to them alone. */
  visitor_token_hash: string | null;
  ip: string | null;
  /** A reply from the fediverse: the remote actor who wrote it (null for the site's own comments). */
  fediverse_actor_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** …and the Note it came from: one comment per Note. */
  fediverse_note_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The spam filter's score (log-odds, lib/moderation/spam) when it ran; null when it did not. */
  spam_score: ColumnType<number | null, number | null | undefined, number | null>;
  /** Why the rules held it or sent it to spam, shown in the queue. */
  moderation_reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: string;
  kind: string;
  message: string;
  link: string;
  created_at: CreatedAt;
  read_at: Timestamp | null;
}

export interface PromptsTable {
  /** The wish day this prompt is for, as YYYY-MM-DD in the site's time zone. */
  wish_date: string;
  prompt: string;
  updated_at: UpdatedAt;
}

export interface BoardsTable {
  id: Generated<number>;
  wish_date: string;
  prompt: string;
  opened_at: CreatedAt;
}

export interface WishesTable {
  id: Generated<number>;
  board_id: number;
  user_id: string | null;
  author_name: string;
  author_email: string | null;
  body_md: string;
  body_html: string;
  status: ModerationStatus;
  granted_at: Timestamp | null;
  thank_you_md: string | null;
  thank_you_html: string | null;
  /** SHA-256 of the posting visitor's cookie, so a held item is shown to them alone. */
  visitor_token_hash: string | null;
  ip: string | null;
  /** The spam filter's score (log-odds, lib/moderation/spam) when it ran; null when it did not. */
  spam_score: ColumnType<number | null, number | null | undefined, number | null>;
  /** Why the rules held it or sent it to spam, shown in the queue. */
  moderation_reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OffersTable {
  id: Generated<number>;
  wish_id: number;
  user_id: string | null;
  author_name: string;
  author_email: string | null;
  kind: OfferKind;
  body_md: string;
  body_html: string;
  status: ModerationStatus;
  accepted_at: Timestamp | null;
  /** SHA-256 of the posting visitor's cookie, so a held item is shown to them alone. */
  visitor_token_hash: string | null;
  ip: string | null;
  /** The spam filter's score (log-odds, lib/moderation/spam) when it ran; null when it did not. */
  spam_score: ColumnType<number | null, number | null | undefined, number | null>;
  /** Why the rules held it or sent it to spam, shown in the queue. */
  moderation_reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Words learnt from this site's approve and spam decisions (one row per word, counted once per item). */
export interface SpamTokensTable {
  token: string;
  spam: ColumnType<number, number | undefined, number>;
  ham: ColumnType<number, number | undefined, number>;
}

export interface SiteStateTable {
  id: number;
  /** Bumped by every write that changes what readers see; keys the page cache. */
  content_version: ColumnType<number, number | undefined, number>;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  setup_tokens: SetupTokensTable;
  rate_limit_hits: RateLimitHitsTable;
  settings: SettingsTable;
  posts: PostsTable;
  tags: TagsTable;
  post_tags: PostTagsTable;
  post_slug_redirects: PostSlugRedirectsTable;
  comments: CommentsTable;
  spam_tokens: SpamTokensTable;
  notifications: NotificationsTable;
  prompts: PromptsTable;
  boards: BoardsTable;
  wishes: WishesTable;
  offers: OffersTable;
  site_state: SiteStateTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type PostRow = Selectable<PostsTable>;
export type NewPost = Insertable<PostsTable>;
export type PostUpdate = Updateable<PostsTable>;
export type CommentRow = Selectable<CommentsTable>;
export type NewComment = Insertable<CommentsTable>;
export type WishRow = Selectable<WishesTable>;
export type OfferRow = Selectable<OffersTable>;
export type BoardRow = Selectable<BoardsTable>;
export type NotificationRow = Selectable<NotificationsTable>;

/** The last change to each scope of content (src/lib/content/version.ts). */
export interface ContentScopesTable {
  scope: string;
  /** The site_state.content_version that change took. */
  version: ColumnType<number, number, number>;
}

// Declaration merging: new tables are added here, below, so branches merge cleanly.
export interface Database {
  content_scopes: ContentScopesTable;
}
// Email (issue 12)
export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'kept' | 'failed';

export interface OutboxTable {
  id: Generated<number>;
  user_id: string | null;
  recipient: string;
  kind: string;
  subject: string;
  text_body: string;
  html_body: string;
  headers: ColumnType<Record<string, string>, string | undefined, string>;
  message_id: string;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  /** Null means due now. */
  next_attempt_at: Timestamp | null;
  claimed_until: Timestamp | null;
  last_error: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
  dedupe_key: string | null;
  /** What the mail's one token-bearing link is for; the worker mints it at send time (the text holds a placeholder). */
  link: ColumnType<LiveLinkJson | null, string | null | undefined, string | null>;
}

/** A link minted when its mail is sent (src/lib/mail/live-links.ts); never a token. */
export type LiveLinkJson =
  /** queuedAt: the app's clock when the mail was queued (ISO), compared with users.password_changed_at. */
  | { type: 'verify' | 'reset'; userId: string; email: string; queuedAt: string }
  | { type: 'unsubscribe'; recipient: string; kind: string }
  /** purpose: what the address was given for (absent in rows queued before wishes asked too: replies). */
  | { type: 'confirm-replies'; email: string; purpose?: 'replies' | 'wish' }
  | { type: 'manage'; wishId: number }
  | { type: 'manage'; offerId: number }
  /** A follower's confirmation; choices: what they picked (the signed token carries them, not the table). */
  | { type: 'follow-confirm'; email: string; choices: FollowChoice[] }
  /** Every mail to a follower: one-click stop of `choice`, and (with the same token) the page to change choices. */
  | { type: 'follow-stop'; email: string; choice: FollowChoice }
  /** The author's invitation to moderate (auth/moderators.ts). */
  | { type: 'moderator-invite'; invitationId: number };

/** What a follower by email may pick. */
export type FollowChoice = 'posts' | 'wish-day' | 'digest';

export interface AccountTokensTable {
  /** SHA-256 (hex) of the token in the link; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  purpose: 'verify' | 'reset';
  email: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface MailPreferencesTable {
  user_id: string;
  kind: string;
  enabled: boolean;
}

export interface MailAddressesTable {
  email: string;
  confirmed_at: Timestamp | null;
  stopped_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface ReplySubscriptionsTable {
  comment_id: number;
  email: string;
  created_at: CreatedAt;
}

export interface MailRunsTable {
  key: string;
  recipients: ColumnType<number, number | undefined, number>;
  ran_at: Timestamp;
}

// Declaration merging adds these to the Database above (appended, so parallel branches merge cleanly).
export interface Database {
  outbox: OutboxTable;
  account_tokens: AccountTokensTable;
  mail_preferences: MailPreferencesTable;
  mail_addresses: MailAddressesTable;
  reply_subscriptions: ReplySubscriptionsTable;
  mail_runs: MailRunsTable;
}
export type OutboxRow = Selectable<OutboxTable>;

// The wish loop (issue 13). Columns added to wishes and offers are declared
// here by interface merging, so the tables above stay as they were.
export type OfferOrigin = 'board' | 'give_first' | 'wish_page';
export type ThreadSide = 'wisher' | 'offerer' | 'author';
export type SharedKind = 'email' | 'website';

export interface WishesTable {
  /** The wisher's own post about this wish ("I wrote about this wish"), http(s) only. */
  blog_url: ColumnType<string | null, string | null | undefined, string | null>;
  /** The wish this one carries forward to a later board. */
  carried_from_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** The first wish of a carried-forward chain; null on that first wish itself. */
  root_wish_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** The wisher let it rest: no more follow-ups. */
  rested_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface OffersTable {
  /** Where the offer was made: the board, the give-first block before the wish form, or a wish's page. */
  origin: ColumnType<OfferOrigin, OfferOrigin | undefined, OfferOrigin>;
  /** Its offerer deleted it after it was accepted: the row stays, blank, so the thread reads on. */
  withdrawn_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface OfferMessagesTable {
  id: Generated<number>;
  offer_id: number;
  side: ThreadSide;
  user_id: string | null;
  author_name: string;
  body_md: string | null;
  body_html: string | null;
  shared_kind: SharedKind | null;
  shared_value: string | null;
  created_at: CreatedAt;
}

export interface ManageLinksTable {
  /** SHA-256 (hex) of the token in the link; the token itself is never stored. */
  token_hash: string;
  wish_id: number | null;
  offer_id: number | null;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
  /** Every link of a wish or offer lives this long after the last mail that carried one (MANAGE_LINK_DAYS). */
  expires_at: Timestamp;
}

export interface WishFollowupsTable {
  wish_id: number;
  /** Weeks after the wish; one row per wish and step, so each is sent once. */
  step: number;
  sent_at: Timestamp;
}

export interface Database {
  offer_messages: OfferMessagesTable;
  manage_links: ManageLinksTable;
  wish_followups: WishFollowupsTable;
}

export type OfferMessageRow = Selectable<OfferMessagesTable>;
// ---- pages and imports (issue 14); interfaces merge with the ones above ----

export type PageStatus = 'draft' | 'published';

export interface PagesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  body_md: string;
  body_html: string;
  status: PageStatus;
  show_in_menu: Generated<boolean>;
  menu_order: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PostsTable {
  /** The writer's name as an imported source gave it; shown instead of the account's name. */
  byline: string | null;
}

export type ImportLinkKind = 'post' | 'page' | 'comment';

export interface ImportLinksTable {
  source: string;
  site: string;
  kind: ImportLinkKind;
  source_id: string;
  post_id: number | null;
  page_id: number | null;
  comment_id: number | null;
  fingerprint: string;
}

export interface LegacyPathsTable {
  path: string;
  post_id: number | null;
  page_id: number | null;
  tag_id: number | null;
}

export interface Database {
  pages: PagesTable;
  import_links: ImportLinksTable;
  legacy_paths: LegacyPathsTable;
}

export type PageRow = Selectable<PagesTable>;

// Uploaded images (issue 15). Declared apart and merged into Database, so
// each feature appends its own tables.
export type MediaFormat = 'avif' | 'webp' | 'jpeg' | 'png';

/** One processed rendition of an upload, as stored in media.variants. */
export interface MediaVariantJson {
  /** Content-addressed storage key, also the URL path under /media/. */
  key: string;
  format: MediaFormat;
  width: number;
  height: number;
  bytes: number;
}

export interface MediaTable {
  id: Generated<number>;
  owner_id: string | null;
  original_name: string;
  /** Empty when decorative. */
  alt: string;
  decorative: boolean;
  /** The upload's size after orientation was applied. */
  width: number;
  height: number;
  variants: ColumnType<MediaVariantJson[], string, string>;
  /** The size of the uploaded file. */
  bytes: number;
  created_at: CreatedAt;
}

/** Which posts reference which media, recomputed from the Markdown on each save. */
export interface MediaUsagesTable {
  post_id: number;
  media_id: number;
}

export interface Database {
  media: MediaTable;
  media_usages: MediaUsagesTable;
}

export type MediaRow = Selectable<MediaTable>;
// Issue 15 (search and people), appended: interface merging adds these columns
// to the tables above without editing them, which keeps merges clean.

/** Computed by PostgreSQL on every write (a stored generated column); never written by us. */
type SearchVector = ColumnType<string, never, never>;

/** The text without its tags that search excerpts are made from (migration 20261127_1400); never written by us. */
type SearchText = ColumnType<string, never, never>;

export interface UsersTable {
  /** Unique, lowercase; the profile lives at /people/<handle>. The default gives any insert one. */
  handle: Generated<string>;
  /** Short Markdown about themselves, and its sanitised HTML. */
  bio: string | null;
  bio_html: string | null;
  /** An http(s) address, shown with rel="ugc nofollow". */
  website: string | null;
}

export interface PostsTable {
  search_vector: SearchVector;
  search_text: SearchText;
}

export interface WishesTable {
  search_vector: SearchVector;
  search_text: SearchText;
}

export interface WishesTable {
  /** Its offers that stand (approved, not withdrawn), kept by a trigger on offers (migration 20261127_1200). */
  open_offer_count: ColumnType<number, never, never>;
}

export interface OffersTable {
  search_vector: SearchVector;
  search_text: SearchText;
}

export interface PagesTable {
  search_vector: SearchVector;
  search_text: SearchText;
}

export interface UsersTable {
  /** An uploaded avatar's stored variants (written as JSON text); null shows the generated identicon. */
  avatar: ColumnType<MediaVariantJson[] | null, string | null | undefined, string | null>;
}

// Known devices (issue 24): browsers that have logged in, exempt from the account lockout.
export interface KnownDevicesTable {
  /** SHA-256 (hex) of the token in the browser's cookie; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_used_at: Timestamp;
}

export interface Database {
  known_devices: KnownDevicesTable;
}

export interface UsersTable {
  /** The last password change or reset: a reset mail queued before it gets no working link. */
  password_changed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

// The fediverse (issue 26): Fedify's store and queue, the actors' keys, followers.
export interface FediverseKvTable {
  key: string[];
  value: ColumnType<unknown, string, string>;
  expires_at: Timestamp | null;
}

export interface FediverseQueueTable {
  id: Generated<number>;
  message: ColumnType<unknown, string, string>;
  ordering_key: string | null;
  run_at: Timestamp;
  claimed_until: Timestamp | null;
  created_at: CreatedAt;
}

export interface FediverseKeysTable {
  actor: string;
  /** 'RSASSA-PKCS1-v1_5' or 'Ed25519'. */
  algorithm: string;
  private_jwk: ColumnType<JsonWebKey, string, string>;
  public_jwk: ColumnType<JsonWebKey, string, string>;
  created_at: CreatedAt;
}

export interface FediverseFollowersTable {
  /** Which of our actors is followed ('blog' or 'wishes'). */
  local_actor: ColumnType<string, string | undefined, string>;
  /** The follower's actor URI. */
  actor_id: string;
  inbox: string;
  shared_inbox: string | null;
  /** @name@host, as shown to the author. */
  handle: string;
  created_at: Timestamp;
}

export interface Database {
  fediverse_kv: FediverseKvTable;
  fediverse_queue: FediverseQueueTable;
  fediverse_keys: FediverseKeysTable;
  fediverse_followers: FediverseFollowersTable;
}

export interface FediverseAnnouncedPostsTable {
  post_id: number;
  announced_at: Timestamp;
  /** The post's updated_at as followers last received it. */
  sent_updated_at: Timestamp;
}

export interface Database {
  fediverse_announced_posts: FediverseAnnouncedPostsTable;
}

/** A Like or a boost (Announce) of a post from the fediverse: one per actor, post and kind. */
export interface FediverseReactionsTable {
  actor_id: string;
  post_id: number;
  kind: 'like' | 'boost';
  /** The Like's or Announce's id, which an Undo names. */
  activity_id: string;
  created_at: Timestamp;
}

export interface Database {
  fediverse_reactions: FediverseReactionsTable;
}

/** The wish boards whose opening note went to @wishes's followers. */
export interface FediverseAnnouncedBoardsTable {
  board_id: number;
  announced_at: Timestamp;
}

export interface Database {
  fediverse_announced_boards: FediverseAnnouncedBoardsTable;
}

// Following by email without an account (issue 26; src/lib/mail/followers.ts).
export interface FollowersTable {
  id: Generated<number>;
  email: string;
  wants_posts: ColumnType<boolean, boolean | undefined, boolean>;
  wants_wish_day: ColumnType<boolean, boolean | undefined, boolean>;
  wants_digest: ColumnType<boolean, boolean | undefined, boolean>;
  source: 'form' | 'account' | 'import';
  created_at: Timestamp;
  /** Null until the POST from the confirmation mail's link: nothing but that mail goes before. */
  confirmed_at: Timestamp | null;
}

export interface FollowerMailedPostsTable {
  post_id: number;
  mailed_at: Timestamp;
  recipients: ColumnType<number, number | undefined, number>;
}

export interface Database {
  followers: FollowersTable;
  follower_mailed_posts: FollowerMailedPostsTable;
}

/** An image an import copied into the media library, by the address it came from. */
export interface ImportedMediaTable {
  source_url: string;
  old_path: string;
  media_id: number;
  created_at: Timestamp;
}

export interface Database {
  imported_media: ImportedMediaTable;
}

// Revisions of posts and pages (issue 27; src/lib/revisions/).
export type RevisionKind = 'save' | 'autosave' | 'restore';

export interface RevisionsTable {
  id: Generated<number>;
  /** Exactly one of post_id and page_id is set. */
  post_id: number | null;
  page_id: number | null;
  title: string;
  body_md: string;
  /** The excerpt the author wrote; null when it follows the opening. */
  excerpt: string | null;
  author_id: string | null;
  kind: RevisionKind;
  saved_at: Timestamp;
}

export interface Database {
  revisions: RevisionsTable;
}

// The audit trail (issues 28 and 29)
export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_id: string | null;
  /** Copied at the time, so the line still reads after the account is gone. */
  actor_name: string;
  /** What was done, e.g. 'comment.approve', 'post.delete', 'role.grant'. */
  action: string;
  /** What it was done to, e.g. 'comment 12', 'post 3', 'user ann@example.org'. */
  subject: string;
  detail: ColumnType<string, string | undefined, string>;
  /** The client address (server/client-address.ts), null when unknown or done on the command line. */
  ip: string | null;
}

export interface Database {
  audit_log: AuditLogTable;
}

// Moderators (issue 29)
export interface ModeratorInvitationsTable {
  id: Generated<number>;
  email: string;
  invited_by: string | null;
  created_at: Timestamp;
  /** SHA-256 of the link's token, set when the mail is sent (the token itself is never stored). */
  token_hash: ColumnType<string | null, string | null | undefined, string | null>;
  expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  accepted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  accepted_by: ColumnType<string | null, string | null | undefined, string | null>;
  cancelled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface Database {
  moderator_invitations: ModeratorInvitationsTable;
}

// Blocks (issue 29)
export type BlockKind = 'account' | 'email' | 'cidr';

export interface BlocksTable {
  id: Generated<number>;
  kind: BlockKind;
  /** A user id, a lower-case email address, or a CIDR range in its normal form ("203.0.113.0/24"). */
  value: string;
  note: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface Database {
  blocks: BlocksTable;
}

// Readers' reports (issue 29)
export type ReportTarget = 'comment' | 'wish' | 'offer';
export type ReportReason = 'spam' | 'unkind' | 'private' | 'other';

export interface ReportsTable {
  id: Generated<number>;
  target: ReportTarget;
  target_id: number;
  /** 'u:<user id>' or 'v:<visitor cookie hash>': counts distinct readers; never shown. */
  reporter_key: string;
  reason: ReportReason;
  note: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  resolved_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface Database {
  reports: ReportsTable;
}

// The author's desk (issue 27): visits per day and class of page, counted by the server.
export interface DailyVisitsTable {
  /** "YYYY-MM-DD" in the site's time zone. */
  day: string;
  /** home, post, board or page (src/lib/desk/visits.ts). */
  path_class: string;
  visits: ColumnType<number, number | undefined, number>;
}

export interface Database {
  daily_visits: DailyVisitsTable;
}

// Wishes on the fediverse and blocked domains (issue 26, migration 20261206_1710).
export interface WishesTable {
  /** Its writer ticked "also share on the fediverse": once approved, @wishes posts it as a note. */
  share_on_fediverse: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface OffersTable {
  /** An offer that came as a reply from the fediverse: the remote actor who wrote it. */
  fediverse_actor_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The reply Note's id: one offer per Note however often it is delivered. */
  fediverse_note_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The remote writer's profile page (http(s)), shown as a link on their name. */
  author_url: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The wishes whose note went to @wishes's followers. */
export interface FediverseAnnouncedWishesTable {
  wish_id: number;
  announced_at: Timestamp;
}

/** Remote domains the author blocked: their deliveries are refused (403) and their followers removed. */
export interface FediverseBlockedDomainsTable {
  domain: string;
  created_at: Timestamp;
}

export interface Database {
  fediverse_announced_wishes: FediverseAnnouncedWishesTable;
  fediverse_blocked_domains: FediverseBlockedDomainsTable;
}

/** An activity on its way to an actor's followers (src/lib/federation/fanout.ts), walked a page of inboxes at a time. */
export interface FediverseFanoutsTable {
  id: Generated<number>;
  local_actor: string;
  /** The activity as compact JSON-LD, unsigned (each page is signed as it is queued). */
  activity: string;
  /** The last delivery inbox queued (keyset cursor); null before the first page. */
  after_inbox: string | null;
  claimed_until: Timestamp | null;
  created_at: Timestamp;
}

export interface Database {
  fediverse_fanouts: FediverseFanoutsTable;
}

// Issue 27 (covers and share cards), appended.
export interface PostsTable {
  /** The cover image, an upload from the media library; cleared when the upload is deleted. */
  cover_media_id: number | null;
  /** The cover's alt text on this post (required when there is a cover). */
  cover_alt: Generated<string>;
}

/** A drawn share card (src/lib/cards): one PNG per subject, redrawn when its fingerprint changes. */
export interface ShareCardsTable {
  kind: string;
  subject: string;
  fingerprint: string;
  png: Buffer;
  created_at: Timestamp;
}

export interface Database {
  share_cards: ShareCardsTable;
}

// Two-step sign-in (issue 29, item 5; src/lib/auth/two-step/).
export interface TwoStepSecretsTable {
  user_id: string;
  /** The TOTP secret, base32; never shown once confirmed (docs/moderation.md, "Two-step sign-in"). */
  secret: string;
  created_at: Date;
  confirmed_at: Date | null;
  /** bigint: pg returns it as a string. */
  last_step: ColumnType<string | null, number | null, number | null>;
}

export interface TwoStepRecoveryCodesTable {
  code_hash: string;
  user_id: string;
  used_at: Date | null;
}

export interface TwoStepPendingTable {
  id_hash: string;
  user_id: string;
  expires_at: Date;
}

export interface PasskeysTable {
  /** The credential id, base64url. */
  id: string;
  user_id: string;
  /** The COSE public key, base64url. */
  public_key: string;
  /** bigint: pg returns it as a string. */
  counter: ColumnType<string, number, number>;
  /** Comma-separated transports (internal, usb, hybrid…), a hint for the browser. */
  transports: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
}

export type PasskeyPurpose = 'register' | 'sign-in' | 'second-step';

export interface PasskeyChallengesTable {
  challenge: string;
  purpose: PasskeyPurpose;
  user_id: string | null;
  expires_at: Date;
}

export interface Database {
  passkeys: PasskeysTable;
  passkey_challenges: PasskeyChallengesTable;
  two_step_secrets: TwoStepSecretsTable;
  two_step_recovery_codes: TwoStepRecoveryCodesTable;
  two_step_pending: TwoStepPendingTable;
}

// Reactions (issue 29; src/lib/reactions/): a reader's heart, "me too" or "thank you"
// on a post or a comment, and a wish's cheer. One per person, subject and kind.
export type ReactionSubjectKind = 'post' | 'comment' | 'wish';
export type ReactionKind = 'heart' | 'me-too' | 'thanks' | 'cheer';

export interface ReactionsTable {
  subject_kind: ReactionSubjectKind;
  subject_id: number;
  user_id: string;
  kind: ReactionKind;
  created_at: CreatedAt;
}

export interface Database {
  reactions: ReactionsTable;
}
