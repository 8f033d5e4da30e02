// What an import did, per kind, with the reasons for everything skipped.
type CountedKind = 'post' | 'page' | 'comment' | 'tag';

interface KindCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportSummary {
  source: string;
  site: string;
  counts: Record<CountedKind, KindCounts>;
  /** Reason → how many things were left out for it. */
  skipped: Record<string, number>;
  /** Things imported with a change worth knowing ("password-protected post → draft"), counted. */
  remarks: Record<string, number>;
  /** One-off facts ("site name set from the export"). */
  notes: string[];
  /** Things named one by one (threads that matched no post, old addresses now redirected). */
  lists: { heading: string; items: string[] }[];
}

export function newSummary(source: string): ImportSummary {
  const zero = (): KindCounts => ({ created: 0, updated: 0, unchanged: 0 });
  return {
    source,
    site: '',
    counts: { post: zero(), page: zero(), comment: zero(), tag: zero() },
    skipped: {},
    remarks: {},
    notes: [],
    lists: [],
  };
}

/** Adds a named list to the summary (nothing when it is empty). */
export function addList(summary: ImportSummary, heading: string, items: string[]): void {
  if (items.length > 0) summary.lists.push({ heading, items });
}

/** Items of one list printed in the summary; the rest are counted. */
const LIST_SHOWN = 50;

export function countSkip(summary: ImportSummary, reason: string, n = 1): void {
  summary.skipped[reason] = (summary.skipped[reason] ?? 0) + n;
}

export function countRemark(summary: ImportSummary, remark: string, n = 1): void {
  summary.remarks[remark] = (summary.remarks[remark] ?? 0) + n;
}

const PLURAL: Record<CountedKind, string> = { post: 'posts', page: 'pages', comment: 'comments', tag: 'tags' };

/** The summary as lines for a terminal or a page. */
export function formatSummary(summary: ImportSummary): string[] {
  const lines = [`Imported from ${summary.source}${summary.site ? ` (${summary.site})` : ''}:`];
  for (const kind of Object.keys(PLURAL) as CountedKind[]) {
    const c = summary.counts[kind];
    lines.push(`  ${PLURAL[kind]}: ${c.created} new, ${c.updated} updated, ${c.unchanged} unchanged`);
  }
  const skips = Object.entries(summary.skipped).sort(([a], [b]) => a.localeCompare(b));
  if (skips.length > 0) {
    lines.push('Skipped:');
    for (const [reason, n] of skips) lines.push(`  ${n} × ${reason}`);
  }
  const remarks = Object.entries(summary.remarks).sort(([a], [b]) => a.localeCompare(b));
  if (remarks.length > 0) {
    lines.push('Imported with a change:');
    for (const [remark, n] of remarks) lines.push(`  ${n} × ${remark}`);
  }
  for (const note of summary.notes) lines.push(`Note: ${note}`);
  for (const list of summary.lists) {
    lines.push(`${list.heading}:`);
    for (const item of list.items.slice(0, LIST_SHOWN)) lines.push(`  ${item}`);
    if (list.items.length > LIST_SHOWN) lines.push(`  … and ${list.items.length - LIST_SHOWN} more`);
  }
  return lines;
}

/** True when the import changed nothing at all. */
export function changedNothing(summary: ImportSummary): boolean {
  return Object.values(summary.counts).every((c) => c.created === 0 && c.updated === 0);
}
