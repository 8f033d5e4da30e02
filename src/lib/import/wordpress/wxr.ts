// Reads a WordPress export (WXR 1.0–1.2, as WordPress 3 to 6 write it) as a
// stream: the channel's fields, authors and categories come first and are kept
// (they are few); each <item> is mapped and handed on, then dropped.
import { htmlToText } from '../../markdown/markdown.ts';
import { normalizePath } from '../legacy.ts';
import { ImportFormatError, readXmlRecords, textOf, type XNode } from '../xml.ts';
import { mapWxrItem, type WxrChannel, type WxrItem } from './items.ts';

interface WxrSite {
  title: string;
  description: string;
  /**
   * The old blog's own address, or '' when the file does not say. Its base_blog_url: a network's
   * base_site_url is the same for all its blogs (every WordPress.com export says wordpress.com).
   */
  url: string;
}

export type WxrEvent = { type: 'site'; site: WxrSite } | WxrItem;

function checkRoot(name: string): string | null {
  if (name === 'rss') return null;
  const hint = name === 'feed' ? ' It looks like an Atom feed: for a Blogger export, import it as blogger.' : '';
  return `This is not a WordPress export (WXR): its root element is <${name}>, not <rss>.${hint} Nothing was imported.`;
}

function pathOf(url: string): string {
  try {
    const path = normalizePath(new URL(url).pathname);
    return path === '/' ? '' : path;
  } catch {
    return '';
  }
}

export async function* readWordPressExport(
  chunks: AsyncIterable<string>,
  options: { timeZone: string },
): AsyncGenerator<WxrEvent> {
  const channel: WxrChannel = {
    title: '',
    description: '',
    baseSiteUrl: null,
    blogPath: '',
    authors: new Map(),
    categories: new Map(),
    timeZone: options.timeZone,
  };
  let version = '';
  let link = '';
  let blogUrl = '';
  let siteSent = false;
  const site = (): WxrEvent => {
    siteSent = true;
    return {
      type: 'site',
      site: { title: channel.title, description: channel.description, url: blogUrl || channel.baseSiteUrl || link },
    };
  };
  const onChannelField = (node: XNode) => {
    const text = node.text.trim();
    if (node.name === 'title') channel.title = htmlToText(text);
    else if (node.name === 'description') channel.description = htmlToText(text);
    else if (node.name === 'link') link = text;
    else if (node.name === 'wp:wxr_version') version = text;
    else if (node.name === 'wp:base_site_url') channel.baseSiteUrl = text || null;
    else if (node.name === 'wp:base_blog_url') {
      blogUrl = text;
      channel.blogPath = pathOf(text);
    } else if (node.name === 'wp:author') {
      const login = textOf(node, 'wp:author_login');
      if (login) channel.authors.set(login, htmlToText(textOf(node, 'wp:author_display_name')) || login);
    } else if (node.name === 'wp:category') {
      const nicename = decodeURIComponentSafe(textOf(node, 'wp:category_nicename'));
      channel.categories.set(nicename, {
        name: htmlToText(textOf(node, 'wp:cat_name')),
        parent: decodeURIComponentSafe(textOf(node, 'wp:category_parent')),
      });
    }
  };

  for await (const node of readXmlRecords(chunks, { depth: 2, checkRoot })) {
    if (node.name !== 'item') {
      onChannelField(node);
      continue;
    }
    if (!version) {
      throw new ImportFormatError(
        `Line ${node.line}: an <item> before <wp:wxr_version>; this RSS file is not a WordPress export. Nothing was imported.`,
        node.line,
      );
    }
    if (!siteSent) yield site();
    yield mapWxrItem(node, channel);
  }
  if (!version)
    throw new ImportFormatError('No <wp:wxr_version>: this RSS file is not a WordPress export. Nothing was imported.');
  if (!siteSent) yield site();
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
