// The process's page store (one byte budget for anonymous pages and readers'
// skeletons), and how an entry of each kind is made and answered.
import { BoundedMap } from '../../lib/content/bounded.ts';
import { chooseEncoding, compressBody, VARY, type Encoding } from './compression.ts';
import {
  etagFor,
  matchesEtag,
  PageStore,
  variantOf,
  type CachedPage,
  type Freshness,
  type Variant,
} from './page-store.ts';
import { fillSkeleton, type OwnControlsFiller, type Skeleton, type SlotViewer } from './personal-slots.ts';

/** A page shared by signed-in readers of one role, as a skeleton with their slots cut out. */
export interface ReaderPage extends Freshness {
  kind: 'skeleton';
  skeleton: Skeleton;
  /** Readers whose view differs elsewhere too (something held): always rendered for them. */
  except: ReadonlySet<string>;
  headers: [string, string][];
  /** Compressed fills, by encoding and what was filled in: each made once per version (see fillsOf). */
  compressed: BoundedMap<CompressedFill>;
}

export type Entry = CachedPage | ReaderPage;

interface CompressedFill {
  body: Promise<Buffer>;
  bytes: number;
}

const MAX_FILLS_KEPT = 64;

/** A reader page's compressed fills, counted in its bytes in the store while it holds them. */
export function fillsOf(pages: PageStore<Entry>, storeKey: string, page: () => ReaderPage): BoundedMap<CompressedFill> {
  return new BoundedMap({
    maxBytes: MAX_FILLS_KEPT,
    onEvict: (_key, dropped) => pages.grow(storeKey, page(), -dropped.bytes),
  });
}

export const anonymousKey = (key: string) => `a ${key}`;
export const readerKey = (role: string, key: string) => `r ${role} ${key}`;

/** Store keys of search results (anonymous or a role's skeleton): `a /search?…`, `r reader /search?…`. */
const SEARCH_KEY = /^(?:a|r \S+) \/search(?:\?|$)/;

/**
 * The process's page store, made once by the app's wiring. Search results are
 * one page per query: kept apart, in a sixteenth of the budget (at most 4 MB),
 * so a flood of distinct searches churns only them and never pushes posts and
 * boards out.
 */
export function createPageStore(maxBytes: number): PageStore<Entry> {
  return new PageStore<Entry>({
    maxBytes,
    apart: [{ holds: (key) => SEARCH_KEY.test(key), maxBytes: Math.min(4 * 1024 * 1024, maxBytes / 16) }],
  });
}

/** A whole page for anonymous readers, from a rendered body. */
export function makeCachedPage(
  freshness: Omit<Freshness, 'bytes'>,
  headers: [string, string][],
  body: Buffer,
): CachedPage {
  return {
    ...freshness,
    kind: 'page',
    status: 200,
    headers,
    identity: { body, etag: etagFor(body) },
    encoded: {},
    bytes: body.byteLength + 64 * headers.length,
  };
}

export interface Answer {
  status: number;
  headers: [string, string][];
  body: Buffer | null;
}

/** An anonymous page in the encoding the client prefers, or 304 when its ETag matches. */
export async function answerPage(
  pages: PageStore<Entry>,
  storeKey: string,
  page: CachedPage,
  request: { acceptEncoding: string | null; ifNoneMatch: string | null; head: boolean },
): Promise<Answer> {
  const encoding = chooseEncoding(request.acceptEncoding);
  const variant: Variant = await variantOf(pages as PageStore<CachedPage>, storeKey, page, encoding);
  const headers = page.headers.concat([
    ['etag', variant.etag],
    ['vary', VARY],
  ]);
  if (encoding !== 'identity') headers.push(['content-encoding', encoding]);
  if (matchesEtag(request.ifNoneMatch, variant.etag)) {
    return { status: 304, headers, body: null };
  }
  headers.push(['content-length', String(variant.body.byteLength)]);
  return { status: page.status, headers, body: request.head ? null : variant.body };
}

/** A reader's page from a skeleton: their slots filled, compressed once per fill and version. */
export async function answerReader(
  pages: PageStore<Entry>,
  storeKey: string,
  page: ReaderPage,
  viewer: SlotViewer,
  now: Date,
  fillOwn: OwnControlsFiller,
  acceptEncoding: string | null,
): Promise<Answer> {
  const filled = fillSkeleton(page.skeleton, viewer, now, fillOwn);
  const encoding: Encoding = chooseEncoding(acceptEncoding);
  const headers = page.headers.concat([['vary', VARY]]);
  let body: Buffer;
  if (encoding === 'identity') {
    body = Buffer.concat(filled.chunks);
  } else {
    const fillKey = `${encoding}\n${filled.fill}`;
    let compressed = page.compressed.get(fillKey);
    if (!compressed) {
      const made = { body: compressBody(Buffer.concat(filled.chunks), encoding), bytes: 0 };
      page.compressed.set(fillKey, made, 1);
      compressed = made;
      void made.body.then(
        (b) => {
          if (page.compressed.peek(fillKey) !== made) return;
          made.bytes = b.byteLength + fillKey.length;
          pages.grow(storeKey, page, made.bytes);
        },
        () => page.compressed.delete(fillKey),
      );
    }
    body = await compressed.body;
    headers.push(['content-encoding', encoding]);
  }
  headers.push(['content-length', String(body.byteLength)]);
  return { status: 200, headers, body };
}
