// Imported HTML becomes Markdown with turndown, so imported posts are edited
// and rendered like any other (src/lib/markdown sanitises the result on render).
// Where Markdown would lose meaning the HTML is kept, cleaned, as an HTML block
// inside the Markdown: tables (merged cells, cells holding lists) and figures
// (an image with its caption). Comments get no kept HTML at all: their
// Markdown is rendered with the strict policy, which shows raw HTML as text.
import { autop } from '@wordpress/autop';
import { escape as escapeHtml } from 'html-escaper';
import sanitizeHtml from 'sanitize-html';
import TurndownService from 'turndown';

type Element = HTMLElement;

const SAFE_SCHEMES = /^(https?:|mailto:)/i;

/** A link or image target as Markdown can hold it: http(s)/mailto or site-relative, else null. */
function safeTarget(raw: string | null, baseUrl: string | null, absolute: boolean): string | null {
  const value = (raw ?? '').trim();
  if (!value || value.startsWith('#')) return value || null;
  let url = value;
  if (!SAFE_SCHEMES.test(value)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return null; // javascript:, data:, vbscript:…
    if (absolute && baseUrl) {
      try {
        url = new URL(value, `${baseUrl.replace(/\/+$/, '')}/`).href;
      } catch {
        return null;
      }
    }
  }
  return url.replace(/[\s()<>]/g, (c) => encodeURIComponent(c));
}

const TABLE_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'a', 'em', 'strong', 'code', 'br'],
  allowedAttributes: { a: ['href'], th: ['colspan', 'rowspan', 'scope', 'align'], td: ['colspan', 'rowspan', 'align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
};

/** A caption keeps its links and emphasis ("The caption also has a link in it"), nothing else. */
const CAPTION_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['a', 'em', 'strong', 'code', 'br'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
};

/** One HTML block that Markdown keeps verbatim: no blank line may end it early. */
function htmlBlock(html: string): string {
  return `\n\n${html
    .replace(/>\s*\n\s*</g, '><') // layout between tags; a space between words' tags stays
    .replace(/\s*\n\s*/g, ' ')
    .trim()}\n\n`;
}

function firstMediaSource(node: Element): string | null {
  const own = node.getAttribute('src') ?? node.getAttribute('data');
  if (own) return own;
  const source = node.querySelector('source[src]');
  return source?.getAttribute('src') ?? null;
}

function createService(options: { keepHtml: boolean; baseUrl: string | null }): TurndownService {
  const { keepHtml, baseUrl } = options;
  const service = new TurndownService({
    headingStyle: 'atx',
    hr: '---',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '*',
    strongDelimiter: '**',
  });
  service.remove(['script', 'style', 'noscript', 'template', 'form', 'input', 'button', 'select', 'textarea', 'head']);

  service.addRule('link', {
    filter: (node) => node.nodeName === 'A' && node.getAttribute('href') !== null,
    replacement: (content, node) => {
      const href = safeTarget((node as Element).getAttribute('href'), baseUrl, false);
      const text = content.trim();
      if (!href || !text) return text;
      return `[${text}](${href})`;
    },
  });
  service.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const src = safeTarget((node as Element).getAttribute('src'), baseUrl, true);
      if (!src) return '';
      const alt = service.escape((node as Element).getAttribute('alt') ?? '').replace(/\n+/g, ' ');
      return `![${alt}](${src})`;
    },
  });
  service.addRule('strikethrough', {
    filter: (node) => ['DEL', 'S', 'STRIKE'].includes(node.nodeName),
    replacement: (content) => (content.trim() ? `~~${content}~~` : ''),
  });
  service.addRule('embedded', {
    filter: ['iframe', 'video', 'audio', 'embed', 'object'],
    replacement: (_content, node) => {
      const src = safeTarget(firstMediaSource(node as Element), baseUrl, true);
      if (!src || !/^https?:/i.test(src)) return '';
      return `\n\n[Embedded content from ${new URL(src).host}](${src})\n\n`;
    },
  });
  service.addRule('preformatted', {
    filter: (node) => node.nodeName === 'PRE' && node.firstChild?.nodeName !== 'CODE',
    replacement: (_content, node) => `\n\n\`\`\`\n${(node.textContent ?? '').replace(/\n$/, '')}\n\`\`\`\n\n`,
  });
  if (keepHtml) {
    service.keep(['sup', 'sub']);
    service.addRule('table', {
      filter: 'table',
      replacement: (_content, node) => htmlBlock(sanitizeHtml((node as Element).outerHTML, TABLE_HTML)),
    });
    // One image and its caption. A figure holding several (a gallery block: figures in a list
    // in a figure) is not one: its own figures are kept one by one, its caption as text.
    service.addRule('figure', {
      filter: (node) => node.nodeName === 'FIGURE' && node.querySelectorAll('img').length === 1,
      replacement: (_content, node) => {
        const figure = node as Element;
        const img = figure.querySelector('img')!;
        const src = safeTarget(img.getAttribute('src'), baseUrl, true);
        if (!src) return '';
        const captionHtml = figure.querySelector('figcaption')?.innerHTML ?? '';
        const caption = sanitizeHtml(captionHtml, CAPTION_HTML).replace(/\s+/g, ' ').trim();
        const alt = img.getAttribute('alt') ?? '';
        const parts = [`<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}">`];
        if (caption) parts.push(`<figcaption>${caption}</figcaption>`);
        return htmlBlock(`<figure>${parts.join('')}</figure>`);
      },
    });
  }
  return service;
}

const services = new Map<string, TurndownService>();
function serviceFor(keepHtml: boolean, baseUrl: string | null): TurndownService {
  const key = `${keepHtml}|${baseUrl ?? ''}`;
  let service = services.get(key);
  if (!service) {
    if (services.size > 20) services.clear();
    service = createService({ keepHtml, baseUrl });
    services.set(key, service);
  }
  return service;
}

function tidy(markdown: string): string {
  return markdown.replace(/\n{3,}/g, '\n\n').trim();
}

interface ConvertOptions {
  /** Paragraphs are blank-line separated text (WordPress classic editor, comments): add <p> and <br> first. */
  autop: boolean;
  /** The old site's address, for relative image sources. */
  baseUrl: string | null;
}

/** A post or page body as Markdown. */
export function htmlToMarkdown(html: string, options: ConvertOptions): string {
  if (!html.trim()) return '';
  const source = options.autop ? autop(html) : html;
  return tidy(serviceFor(true, options.baseUrl).turndown(source));
}

/**
 * A comment as Markdown. Plain text (the usual case) skips the HTML parser:
 * its paragraphs and line breaks are kept and Markdown characters escaped.
 */
export function commentToMarkdown(text: string, options: ConvertOptions): string {
  if (!text.trim()) return '';
  const service = serviceFor(false, options.baseUrl);
  if (!/[<&]/.test(text)) {
    return text
      .replace(/\r\n?/g, '\n')
      .trim()
      .split(/\n\s*\n/)
      .map((para) =>
        para
          .split('\n')
          .map((line) => service.escape(line.trim()))
          .join('  \n'),
      )
      .join('\n\n');
  }
  return tidy(service.turndown(options.autop ? autop(text) : text));
}
