// What every page's frame shows: the site name, tagline, the author's bio and
// the menu of static pages. Read once per change to them (settings and static
// pages record the `site` scope), not once per request.
import type { Db } from '../db.ts';
import type { VersionState } from '../content/version.ts';
import { VersionedMemo } from '../content/versioned-memo.ts';
import { scope } from '../content/scopes.ts';
import { renderMarkdown } from '../markdown/markdown.ts';
import { getSettings } from '../settings/settings.ts';
import { findPublishedPage, listMenuLinks } from './service.ts';
import type { MenuLink } from './view.ts';

interface SiteFrame {
  siteName: string;
  tagline: string;
  /** Sanitised HTML (strict policy); '' when there is no bio. */
  authorBioHtml: string;
  menu: MenuLink[];
  /** Whether /privacy is a published page (the footer links to it). */
  privacyPage: boolean;
  /** The design's accent colour, "#rrggbb". */
  accent: string;
}

const memo = new VersionedMemo<SiteFrame>({
  scopes: [scope.site],
  sizeOf: (frame) => 2 * (frame.authorBioHtml.length + frame.tagline.length) + 200 * frame.menu.length + 512,
  maxBytes: 256 * 1024,
});

export async function readSiteFrame(db: Db): Promise<SiteFrame> {
  const [settings, menu, privacy] = await Promise.all([
    getSettings(db),
    listMenuLinks(db),
    findPublishedPage(db, 'privacy'),
  ]);
  return {
    siteName: settings.siteName,
    tagline: settings.tagline,
    authorBioHtml: settings.authorBio ? renderMarkdown(settings.authorBio, 'strict') : '',
    menu,
    privacyPage: privacy !== null,
    accent: settings.accentColor,
  };
}

/** The frame, kept while the content version stands. */
export function readSiteFrameCached(db: Db, state: VersionState, nowMs: number): Promise<SiteFrame> {
  return memo.get('frame', state, nowMs, () => readSiteFrame(db));
}
