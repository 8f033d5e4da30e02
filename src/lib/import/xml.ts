// A streaming XML reader for exports: saxes parses chunk by chunk, and each
// element at the record depth (an RSS <item>, an Atom <entry>, a channel field)
// is handed over as a small tree, then forgotten. Memory is bounded by the
// largest record, not the file. Malformed XML stops with the line and the
// element it happened in.
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { DomainError } from '../errors.ts';

export interface XNode {
  /** Namespace-family-qualified name, whatever prefix the file used: "wp:post_id", "title", "blogger:type". */
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  /** Text and CDATA directly inside this element. */
  text: string;
  /** Line where the element starts. */
  line: number;
}

/** A file that is not the export it claims to be, or not well-formed XML. Nothing of it is kept. */
export class ImportFormatError extends DomainError {
  readonly line: number | null;
  constructor(message: string, line: number | null = null) {
    super(422, message, { file: message });
    this.line = line;
  }
}

// Namespace URIs to the prefix we read them by; other namespaces keep the file's prefix.
const FAMILIES: [RegExp, string][] = [
  [/^http:\/\/wordpress\.org\/export\/[\d.]+\/excerpt\/$/, 'excerpt'],
  [/^http:\/\/wordpress\.org\/export\/[\d.]+\/$/, 'wp'],
  [/^http:\/\/purl\.org\/rss\/1\.0\/modules\/content\/$/, 'content'],
  [/^http:\/\/purl\.org\/dc\/elements\/1\.1\/$/, 'dc'],
  [/^http:\/\/www\.w3\.org\/2005\/Atom$/, ''],
  [/^http:\/\/schemas\.google\.com\/blogger\/2018$/, 'blogger'],
  [/^http:\/\/purl\.org\/atom\/app#$|^http:\/\/www\.w3\.org\/2007\/app$/, 'app'],
  [/^http:\/\/purl\.org\/syndication\/thread\/1\.0$/, 'thr'],
  [/^http:\/\/schemas\.google\.com\/g\/2005$/, 'gd'],
  [/^https?:\/\/wishcast\.example\/export\/1$|^urn:wishcast:export:1$/, 'wishcast'],
];

function qualify(uri: string, prefix: string, local: string): string {
  for (const [pattern, family] of FAMILIES) {
    if (pattern.test(uri)) return family ? `${family}:${local}` : local;
  }
  return prefix ? `${prefix}:${local}` : local;
}

// eslint-disable-next-line no-control-regex -- control characters are what we remove
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

interface ReadOptions {
  /** Depth of the record elements (root = 0). */
  depth: number;
  /** Checks the root element's name; returns why the file is refused, or null. */
  checkRoot: (name: string) => string | null;
}

/**
 * Yields each record element in document order. Characters XML forbids (stray
 * control characters pasted from word processors) are dropped rather than
 * refusing a whole blog over them.
 */
export async function* readXmlRecords(chunks: AsyncIterable<string>, options: ReadOptions): AsyncGenerator<XNode> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const path: string[] = [];
  const open: XNode[] = [];
  const ready: XNode[] = [];
  let sawRoot = false;

  parser.on('opentag', (tag: SaxesTagNS) => {
    const name = qualify(tag.uri, tag.prefix, tag.local);
    if (!sawRoot) {
      sawRoot = true;
      const refusal = options.checkRoot(name);
      if (refusal) throw new ImportFormatError(refusal, parser.line);
    }
    path.push(name);
    if (path.length - 1 < options.depth) return;
    const attrs: Record<string, string> = {};
    for (const attr of Object.values(tag.attributes)) {
      if (attr.prefix === 'xmlns' || attr.name === 'xmlns') continue;
      attrs[attr.uri ? qualify(attr.uri, attr.prefix, attr.local) : attr.local] = attr.value;
    }
    const node: XNode = { name, attrs, children: [], text: '', line: parser.line };
    open.at(-1)?.children.push(node);
    open.push(node);
  });
  parser.on('closetag', () => {
    path.pop();
    if (path.length < options.depth) return;
    const node = open.pop()!;
    if (open.length === 0) ready.push(node);
  });
  const onText = (text: string) => {
    const node = open.at(-1);
    if (node) node.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  const fail = (error: unknown): never => {
    if (error instanceof ImportFormatError) throw error;
    const reason = String((error as Error).message)
      .replace(/^(?:[^:]*:)?\d+:\d+: /, '')
      .replace(/\.$/, '');
    const where = path.length > 0 ? ` in <${path.join('><')}>` : '';
    throw new ImportFormatError(
      `Line ${parser.line}, column ${parser.column + 1}${where}: ${reason}. Nothing was imported.`,
      parser.line,
    );
  };

  for await (const chunk of chunks) {
    try {
      parser.write(chunk.replace(INVALID_XML_CHARS, ''));
    } catch (error) {
      fail(error);
    }
    while (ready.length > 0) yield ready.shift()!;
  }
  try {
    parser.close();
  } catch (error) {
    fail(error);
  }
  if (!sawRoot) throw new ImportFormatError('The file is empty. Nothing was imported.');
  while (ready.length > 0) yield ready.shift()!;
}

/** The first child with this name. */
export function child(node: XNode, name: string): XNode | undefined {
  return node.children.find((c) => c.name === name);
}

export function children(node: XNode, name: string): XNode[] {
  return node.children.filter((c) => c.name === name);
}

/** A child's text, trimmed; '' when absent. */
export function textOf(node: XNode, name: string): string {
  return child(node, name)?.text.trim() ?? '';
}

/** A child's text exactly as written (bodies keep their whitespace). */
export function rawTextOf(node: XNode, name: string): string {
  return child(node, name)?.text ?? '';
}
