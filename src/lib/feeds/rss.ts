// Every RSS feed of the site is written here, and only here (the lint walls
// refuse @astrojs/rss anywhere else). Feed readers disagree on whether a
// title is text or HTML, and many render it as HTML once the XML escaping is
// undone: so callers pass titles, categories and channel texts as plain text
// and this module escapes them as HTML, as one owner, while descriptions and
// content arrive as HTML that is already safe (escaped text or sanitised
// markup). The XML itself is written by a builder, never by hand.
import { getRssString } from '@astrojs/rss';
import { escape } from 'html-escaper';

export interface FeedItem {
  /** Plain text: escaped here. */
  title: string;
  link: string;
  pubDate: Date;
  /** Safe HTML: escaped text (`textToHtml`) or sanitised markup. */
  description: string;
  /** Safe HTML for content:encoded: sanitised markup. */
  content?: string;
  /** Plain text: escaped here. */
  categories?: string[];
}

export interface FeedChannel {
  /** Plain text: escaped here. */
  title: string;
  /** Plain text: escaped here. */
  description: string;
  site: string;
  items: FeedItem[];
}

// Characters XML 1.0 does not allow (most C0 controls, lone surrogates, U+FFFE and U+FFFF):
// one of them makes a reader refuse the whole feed.
const NOT_IN_XML = /(?![\t\n\r])[\p{Cc}\p{Cs}\uFFFE\uFFFF]/gu;
// In a title, any control or line break, and the bidi embeddings, overrides and isolates that
// would reorder the rest of a reader's list.
const NOT_IN_TITLES = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]+/gu;

/** Plain text as a feed's title or category: one line, no controls, HTML-escaped. */
function feedText(text: string): string {
  return escape(text.replace(NOT_IN_TITLES, ' ').replace(/ {2,}/g, ' ').trim());
}

/** Safe HTML with the characters XML cannot carry removed. */
function feedHtml(html: string): string {
  return html.replace(NOT_IN_XML, '');
}

/** An RSS 2.0 document for a channel. */
export function buildRss(channel: FeedChannel): Promise<string> {
  return getRssString({
    title: feedText(channel.title),
    description: feedText(channel.description),
    site: channel.site,
    items: channel.items.map((item) => ({
      title: feedText(item.title),
      link: item.link,
      pubDate: item.pubDate,
      description: feedHtml(item.description),
      ...(item.content === undefined ? {} : { content: feedHtml(item.content) }),
      ...(item.categories === undefined ? {} : { categories: item.categories.map(feedText) }),
    })),
    customData: '<language>en</language>',
  });
}
