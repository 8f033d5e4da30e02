// What a feed reader would bring to life if it rendered a string as HTML: the
// elements and attributes an HTML parser finds in it. Nothing is sanitised here.
import { Parser } from 'htmlparser2';

export interface LiveHtml {
  tags: string[];
  /** "tag[attribute=value]" for every attribute found. */
  attributes: string[];
}

export function liveHtmlIn(html: string): LiveHtml {
  const found: LiveHtml = { tags: [], attributes: [] };
  const parser = new Parser({
    onopentag(name, attributes) {
      found.tags.push(name);
      for (const [key, value] of Object.entries(attributes)) found.attributes.push(`${name}[${key}=${value}]`);
    },
  });
  parser.write(html);
  parser.end();
  return found;
}

/** Attributes or elements that run script or load anything when rendered. */
export function dangerousIn(html: string): string[] {
  const { tags, attributes } = liveHtmlIn(html);
  return [
    ...tags.filter((t) => /^(?:script|svg|iframe|object|embed|style|link|meta|math|form|input|video|audio)$/.test(t)),
    ...attributes.filter((a) => /\[on/i.test(a) || /=\s*(?:javascript|vbscript|data):/i.test(a)),
  ];
}
