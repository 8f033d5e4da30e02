// Signed-in readers' pages differ from each other only in marked slots (their
// name, their unread count). A page rendered for one reader is kept as a
// skeleton with those slots cut out, and served to other readers with their own
// filled in — unless their view differs anywhere else (they wrote in the thread).
import { escape } from 'html-escaper';

export type SlotKind = 'name' | 'unread';

export interface SlotPerson {
  name: string;
  unreadCount: number;
}

const SLOT = /<!--wc:(name|unread)-->[\s\S]*?<!--\/wc:\1-->/g;

function slotContent(kind: SlotKind, person: SlotPerson): string {
  if (kind === 'name') return escape(person.name);
  const count = person.unreadCount;
  const spoken = `<span class="visually-hidden">: notifications${count > 0 ? `, ${count} unread` : ''}</span>`;
  return count > 0 ? `${spoken}<span class="badge-count" aria-hidden="true">${count}</span>` : spoken;
}

/** The slot's HTML for a page: its content between markers. */
export function slotHtml(kind: SlotKind, person: SlotPerson): string {
  return `<!--wc:${kind}-->${slotContent(kind, person)}<!--/wc:${kind}-->`;
}

export interface Skeleton {
  parts: string[];
  kinds: SlotKind[];
}

/**
 * Cuts the slots out of a page rendered for `person`. Null (do not keep it)
 * when their name shows anywhere outside a slot: then the page is theirs alone.
 */
export function toSkeleton(html: string, person: SlotPerson): Skeleton | null {
  const parts: string[] = [];
  const kinds: SlotKind[] = [];
  let last = 0;
  for (const match of html.matchAll(SLOT)) {
    parts.push(html.slice(last, match.index));
    kinds.push(match[1] as SlotKind);
    last = match.index + match[0].length;
  }
  parts.push(html.slice(last));
  if (kinds.length === 0) return null;
  const name = escape(person.name);
  if (parts.some((part) => part.includes(name))) return null;
  return { parts, kinds };
}

export function fillSkeleton(skeleton: Skeleton, person: SlotPerson): string {
  let html = skeleton.parts[0]!;
  for (let i = 0; i < skeleton.kinds.length; i++) {
    html += slotHtml(skeleton.kinds[i]!, person) + skeleton.parts[i + 1]!;
  }
  return html;
}
