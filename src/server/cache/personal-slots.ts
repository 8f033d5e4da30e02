// Signed-in readers' pages differ from each other only in marked slots: their
// name, their unread count, and their own Edit/Delete links in a thread
// (src/lib/content/slots.ts). A page rendered for one reader is kept as a
// skeleton with the slots cut out and served to others of the same role with
// theirs filled in. Every page for a signed-in reader goes through here, kept or
// not, so no marker (nor the account id in it) ever reaches a browser.
import { escape } from 'html-escaper';
import { OWN_CONTROLS_MARKER, SHARED_END, SHARED_START } from '../../lib/content/slots.ts';

type SlotKind = 'name' | 'unread';

interface SlotPerson {
  name: string;
  unreadCount: number;
}

export interface SlotViewer extends SlotPerson {
  id: string;
}

function slotContent(kind: SlotKind, person: SlotPerson): string {
  if (kind === 'name') return escape(person.name);
  // Counted up to 100 only (src/lib/auth/sessions-repo.ts): more shows as 99+.
  const count = person.unreadCount > 99 ? '99+' : String(person.unreadCount);
  const spoken = `<span class="visually-hidden">: notifications${count !== '0' ? `, ${count} unread` : ''}</span>`;
  return count !== '0' ? `${spoken}<span class="badge-count" aria-hidden="true">${count}</span>` : spoken;
}

/** The slot's HTML for a page: its content between markers. */
export function slotHtml(kind: SlotKind, person: SlotPerson): string {
  return `<!--wc:${kind}-->${slotContent(kind, person)}<!--/wc:${kind}-->`;
}

interface OwnSlot {
  kind: 'own';
  userId: string;
  commentId: number;
  createdAt: Date;
  bare: boolean;
}

/** The HTML of a reader's own controls in a kept page (the comments domain's, handed in by the app's wiring). */
export type OwnControlsFiller = (slot: OwnSlot, now: Date) => string;

type Slot = { kind: SlotKind } | OwnSlot;

export interface Skeleton {
  /** The page between slots, as bytes: sent as they are. */
  parts: Buffer[];
  slots: Slot[];
  /** The page outside slots and outside shared regions, to check it names nobody. */
  outside: string;
  bytes: number;
}

const MARKS = new RegExp(
  `<!--wc:(name|unread)-->[\\s\\S]*?<!--\\/wc:\\1-->|${OWN_CONTROLS_MARKER.source}|${SHARED_START}|${SHARED_END}`,
  'g',
);

/** Cuts the slots out of a page rendered for one reader. */
export function toSkeleton(html: string): Skeleton {
  const parts: Buffer[] = [];
  const slots: Slot[] = [];
  let part = '';
  let outside = '';
  let depth = 0;
  let last = 0;
  const take = (to: number) => {
    const text = html.slice(last, to);
    part += text;
    if (depth === 0) outside += text;
  };
  for (const match of html.matchAll(MARKS)) {
    take(match.index);
    last = match.index + match[0].length;
    if (match[0] === SHARED_START) depth++;
    else if (match[0] === SHARED_END) depth = Math.max(0, depth - 1);
    else {
      parts.push(Buffer.from(part));
      part = '';
      const [, kind, userId, commentId, createdAt, bare] = match;
      slots.push(
        kind
          ? { kind: kind as SlotKind }
          : {
              kind: 'own',
              userId: userId!,
              commentId: Number(commentId),
              createdAt: new Date(Number(createdAt)),
              bare: bare === '1',
            },
      );
    }
  }
  take(html.length);
  parts.push(Buffer.from(part));
  const bytes = parts.reduce((n, p) => n + p.byteLength, 0) + 2 * outside.length + 64 * slots.length;
  return { parts, slots, outside, bytes };
}

/**
 * Whether the skeleton may serve other readers: it has slots, and the reader it
 * was rendered for is named nowhere outside them and outside shared regions
 * (a safety net: something personal that is not a slot keeps the page theirs alone).
 */
export function isShareable(skeleton: Skeleton, person: SlotPerson): boolean {
  return skeleton.slots.length > 0 && !skeleton.outside.includes(escape(person.name));
}

interface FilledPage {
  /** The page's bytes, in order: join them (or send them one after another). */
  chunks: Buffer[];
  /** What was filled in: two viewers with the same fill get the same bytes. */
  fill: string;
}

export function fillSkeleton(
  skeleton: Skeleton,
  viewer: SlotViewer,
  now: Date,
  fillOwn: OwnControlsFiller,
): FilledPage {
  const chunks: Buffer[] = [skeleton.parts[0]!];
  const fills: string[] = [];
  for (let i = 0; i < skeleton.slots.length; i++) {
    const slot = skeleton.slots[i]!;
    const html =
      slot.kind === 'own' ? (slot.userId === viewer.id ? fillOwn(slot, now) : '') : slotHtml(slot.kind, viewer);
    if (html) {
      chunks.push(Buffer.from(html));
      fills.push(`${i}:${html}`);
    }
    chunks.push(skeleton.parts[i + 1]!);
  }
  return { chunks, fill: fills.join('\n') };
}
