// Every mail's two parts from one description: plain text and simple HTML (no
// remote images, no tracking). Text given here is plain and is escaped for the
// HTML part with html-escaper, as the site does; user-written bodies come as the
// stored HTML that src/lib/markdown sanitised (the same the site shows), with
// their plain text beside it for the text part.
import { randomUUID } from 'node:crypto';
import { escape } from 'html-escaper';
import type { MailContext } from './context.ts';

interface MailLink {
  label: string;
  url: string;
}

export interface MailSection {
  title: string;
  items: MailLink[];
  /** Said when there are no items. */
  empty: string;
}

export interface MailContent {
  subject: string;
  /** Plain-text paragraphs (escaped in the HTML part). */
  paragraphs: string[];
  /** A quoted user text: its sanitised HTML (from src/lib/markdown) and its plain text. */
  quote?: { html: string; text: string; by: string } | null;
  action?: MailLink | null;
  sections?: MailSection[];
  /** Why this person gets this mail. */
  reason: string;
}

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  messageId: string;
}

/**
 * Where a mail's token-bearing link (reset, verification, manage, unsubscribe)
 * stands until the worker mints it at send time (live-links.ts): the outbox
 * keeps this placeholder, never a working link.
 */
export const LINK_SLOT = '{{LINK}}';

/**
 * Where the bare token of that same link stands, for a mail with a second link
 * built on it (a follower's "change what you get" beside the unsubscribe link).
 */
export const TOKEN_SLOT = '{{TOKEN}}';

/**
 * Where the site's name stands in a composed mail (subject, text, HTML, footer):
 * filled in when the mail is queued (outbox-repo.ts), from the settings of that moment.
 */
export const SITE_NAME_SLOT = '{{SITE_NAME}}';

/** The mail with the site's name in place of SITE_NAME_SLOT (escaped in the HTML part). */
export function fillSiteName<T extends { subject: string; text: string; html: string }>(mail: T, siteName: string): T {
  const name = oneLine(siteName, 80);
  return {
    ...mail,
    subject: mail.subject.replaceAll(SITE_NAME_SLOT, name),
    text: mail.text.replaceAll(SITE_NAME_SLOT, name),
    html: mail.html.replaceAll(escape(SITE_NAME_SLOT), escape(name)),
  };
}

/** One line, no control characters: subjects carry names people typed. */
export function oneLine(text: string, max = 150): string {
  const flat = text
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function newMessageId(context: MailContext): string {
  const host = new URL(context.siteUrl).hostname.replace(/^\[|\]$/g, '') || 'localhost';
  return `<${randomUUID()}@${host}>`;
}

function textPart(content: MailContent, siteUrl: string, unsubscribe: string | null): string {
  const lines: string[] = [...content.paragraphs.flatMap((p) => [p, ''])];
  if (content.quote) {
    lines.push(`${content.quote.by} wrote:`, ...content.quote.text.split('\n').map((l) => `> ${l}`), '');
  }
  if (content.action) lines.push(`${content.action.label}:`, content.action.url, '');
  for (const section of content.sections ?? []) {
    lines.push(section.title, '-'.repeat(Math.min(section.title.length, 60)));
    if (section.items.length === 0) lines.push(section.empty);
    for (const item of section.items) lines.push(`- ${item.label}`, `  ${item.url}`);
    lines.push('');
  }
  lines.push('-- ', `${SITE_NAME_SLOT} · ${siteUrl}`, content.reason);
  if (unsubscribe) lines.push(`Stop these emails: ${unsubscribe}`);
  return `${lines.join('\n')}\n`;
}

const LINK = 'color:#8a3b12';

function htmlPart(content: MailContent, siteUrl: string, unsubscribe: string | null): string {
  const out: string[] = [];
  for (const p of content.paragraphs) out.push(`<p>${escape(p)}</p>`);
  if (content.quote) {
    out.push(
      `<p>${escape(content.quote.by)} wrote:</p>`,
      `<blockquote style="margin:0 0 1em;padding:0 1em;border-left:3px solid #d8c9b8">${content.quote.html}</blockquote>`,
    );
  }
  if (content.action) {
    out.push(
      `<p><a href="${escape(content.action.url)}" style="${LINK};font-weight:bold">${escape(content.action.label)}</a></p>`,
    );
  }
  for (const section of content.sections ?? []) {
    out.push(`<h2 style="font-size:1.1em;margin:1.5em 0 .5em">${escape(section.title)}</h2>`);
    if (section.items.length === 0) out.push(`<p>${escape(section.empty)}</p>`);
    else {
      const items = section.items.map(
        (i) => `<li><a href="${escape(i.url)}" style="${LINK}">${escape(i.label)}</a></li>`,
      );
      out.push(`<ul>${items.join('')}</ul>`);
    }
  }
  const footer = [
    `<a href="${escape(siteUrl)}/" style="${LINK}">${escape(SITE_NAME_SLOT)}</a>`,
    escape(content.reason),
  ];
  if (unsubscribe) footer.push(`<a href="${escape(unsubscribe)}" style="${LINK}">Stop these emails</a>`);
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${escape(content.subject)}</title></head>` +
    '<body style="margin:0;padding:1.5em;background:#fffaf3;color:#2b2622;' +
    "font:16px/1.5 -apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,sans-serif\">" +
    `<div style="max-width:36em;margin:0 auto">${out.join('\n')}` +
    `<hr style="border:0;border-top:1px solid #e6dccf;margin:2em 0 1em">` +
    `<p style="font-size:.85em;color:#5c534b">${footer.join('<br>')}</p></div></body></html>`
  );
}

/**
 * Composes a mail. With `unsubscribeUrl` (usually LINK_SLOT, filled in at send time) it carries the RFC 8058 one-click
 * headers and a visible link; account mail passes null.
 */
export function composeMail(context: MailContext, content: MailContent, unsubscribeUrl: string | null): ComposedMail {
  const headers: Record<string, string> = { 'Auto-Submitted': 'auto-generated' };
  if (unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${unsubscribeUrl}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return {
    subject: oneLine(content.subject),
    text: textPart(content, context.siteUrl, unsubscribeUrl),
    html: htmlPart(content, context.siteUrl, unsubscribeUrl),
    headers,
    messageId: newMessageId(context),
  };
}

type LinkedParts = Pick<ComposedMail, 'text' | 'html' | 'headers'>;

/** The mail's parts with `url` where LINK_SLOT stands and `token` where TOKEN_SLOT does (escaped in the HTML part). */
export function fillLink<T extends LinkedParts>(mail: T, url: string, token = TOKEN_SLOT): T {
  const fill = (s: string) => s.replaceAll(LINK_SLOT, url).replaceAll(TOKEN_SLOT, token);
  return {
    ...mail,
    text: fill(mail.text),
    html: mail.html.replaceAll(escape(LINK_SLOT), escape(url)).replaceAll(escape(TOKEN_SLOT), escape(token)),
    headers: Object.fromEntries(Object.entries(mail.headers).map(([k, v]) => [k, fill(v)])),
  };
}

/** The same mail for one recipient: `url` in place of the slot, and a Message-ID of its own. */
export function personalise(template: ComposedMail, context: MailContext, url: string): ComposedMail {
  return { ...fillLink(template, url), messageId: newMessageId(context) };
}
