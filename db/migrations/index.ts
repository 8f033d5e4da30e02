// Migrations are listed by hand: a folder-scanning provider breaks once the
// server is bundled, and an explicit list makes the order reviewable.
import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initial from './20261123_0001_initial.ts';
import * as visitorTokens from './20261123_0002_visitor_tokens.ts';
import * as mail from './20261127_0100_mail.ts';
import * as wishLoop from './20261127_0200_wish_loop.ts';
import * as pagesAndImports from './20261127_0300_pages_and_imports.ts';
import * as media from './20261127_0400_media.ts';
import * as searchPeople from './20261127_0500_search_people.ts';

export const migrations: Record<string, Migration> = {
  '20261123_0001_initial': initial,
  '20261123_0002_visitor_tokens': visitorTokens,
  '20261127_0100_mail': mail,
  '20261127_0200_wish_loop': wishLoop,
  '20261127_0300_pages_and_imports': pagesAndImports,
  '20261127_0400_media': media,
  '20261127_0500_search_people': searchPeople,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

import * as contentScopes from './20261127_0700_content_scopes.ts';
migrations['20261127_0700_content_scopes'] = contentScopes;

import * as userAvatars from './20261127_0800_user_avatars.ts';
migrations['20261127_0800_user_avatars'] = userAvatars;

import * as searchVectorsInline from './20261127_0900_search_vectors_inline.ts';
migrations['20261127_0900_search_vectors_inline'] = searchVectorsInline;

import * as versionDeltaFunction from './20261127_1000_version_delta_function.ts';
migrations['20261127_1000_version_delta_function'] = versionDeltaFunction;

import * as unreadNotificationsIndex from './20261127_1100_unread_notifications_index.ts';
migrations['20261127_1100_unread_notifications_index'] = unreadNotificationsIndex;

import * as wishOpenOfferCount from './20261127_1200_wish_open_offer_count.ts';
migrations['20261127_1200_wish_open_offer_count'] = wishOpenOfferCount;

import * as rateLimitFunction from './20261127_1300_rate_limit_function.ts';
migrations['20261127_1300_rate_limit_function'] = rateLimitFunction;

import * as searchText from './20261127_1400_search_text.ts';
migrations['20261127_1400_search_text'] = searchText;

import * as knownDevices from './20261206_1530_known_devices.ts';
migrations['20261206_1530_known_devices'] = knownDevices;
import * as liveLinks from './20261206_1510_live_links.ts';
migrations['20261206_1510_live_links'] = liveLinks;
import * as fediverse from './20261206_1540_fediverse.ts';
migrations['20261206_1540_fediverse'] = fediverse;

import * as fediverseAnnouncedPosts from './20261206_1541_fediverse_announced_posts.ts';
migrations['20261206_1541_fediverse_announced_posts'] = fediverseAnnouncedPosts;

import * as fediverseReplies from './20261206_1610_fediverse_replies.ts';
migrations['20261206_1610_fediverse_replies'] = fediverseReplies;

import * as fediverseWishes from './20261206_1611_fediverse_wishes.ts';
migrations['20261206_1611_fediverse_wishes'] = fediverseWishes;
import * as followers from './20261206_1600_followers.ts';
migrations['20261206_1600_followers'] = followers;
import * as importedMedia from './20261206_1820_imported_media.ts';
migrations['20261206_1820_imported_media'] = importedMedia;

import * as revisions from './20261206_1810_revisions.ts';
migrations['20261206_1810_revisions'] = revisions;

import * as auditLog from './20261206_1740_audit_log.ts';
migrations['20261206_1740_audit_log'] = auditLog;
import * as moderators from './20261206_1741_moderators.ts';
migrations['20261206_1741_moderators'] = moderators;
import * as blocks from './20261206_1742_blocks.ts';
migrations['20261206_1742_blocks'] = blocks;
import * as reports from './20261206_1743_reports.ts';
migrations['20261206_1743_reports'] = reports;

import * as dailyVisits from './20261206_1800_daily_visits.ts';
migrations['20261206_1800_daily_visits'] = dailyVisits;

import * as fediverseWishNotes from './20261206_1710_fediverse_wish_notes.ts';
migrations['20261206_1710_fediverse_wish_notes'] = fediverseWishNotes;

import * as fediverseFanouts from './20261206_1711_fediverse_fanouts.ts';
migrations['20261206_1711_fediverse_fanouts'] = fediverseFanouts;

import * as postCovers from './20261206_1910_post_covers.ts';
migrations['20261206_1910_post_covers'] = postCovers;
import * as shareCards from './20261206_1911_share_cards.ts';
migrations['20261206_1911_share_cards'] = shareCards;
import * as twoStep from './20261206_1900_two_step.ts';
migrations['20261206_1900_two_step'] = twoStep;
import * as spamFilter from './20261206_1905_spam_filter.ts';
migrations['20261206_1905_spam_filter'] = spamFilter;
import * as reactions from './20261206_2000_reactions.ts';
migrations['20261206_2000_reactions'] = reactions;
import * as passkeys from './20261206_2010_passkeys.ts';
migrations['20261206_2010_passkeys'] = passkeys;
import * as mediaAltToDescribe from './20261206_2020_media_alt_to_describe.ts';
migrations['20261206_2020_media_alt_to_describe'] = mediaAltToDescribe;
