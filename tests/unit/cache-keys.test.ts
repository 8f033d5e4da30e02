// Canonical cache keys, encoding negotiation and personal skeletons: the pure
// parts of the page cache.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownControlsMarker, SHARED_END, SHARED_START } from '../../src/lib/content/slots.ts';
import { ownControlsHtml } from '../../src/lib/comments/render.ts';
import { chooseEncoding } from '../../src/server/cache/compression.ts';
import { fillSkeleton, isShareable, slotHtml, toSkeleton } from '../../src/server/cache/personal-slots.ts';
import { canonicalKey } from '../../src/server/route-rules.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('canonicalKey', () => {
  it('keeps only the parameters a page reads, in a fixed order', () => {
    expect(canonicalKey('/', '?x=1')).toBe('/');
    expect(canonicalKey('/', '?utm_source=a&page=2&page=3')).toBe('/?page=2');
    expect(canonicalKey('/posts/a', '?b=1&replyto=7')).toBe('/posts/a?replyto=7');
    expect(canonicalKey('/wishes', '?before=120&x=1')).toBe('/wishes?before=120');
    expect(canonicalKey('/wishes/archive', '?before=120')).toBe('/wishes/archive');
    expect(canonicalKey('/login', '?next=%2Fwishes&z=1')).toBe('/login?next=%2Fwishes');
    expect(canonicalKey('/login', '?reset=1')).toBe('/login?reset=1');
  });

  it('knows every query parameter a cacheable page or component reads', () => {
    // Each searchParams read in pages and components must be part of the key of the pages using it,
    // or its pages must never be cached: otherwise two different pages would share one entry.
    const cached = new Map<string, string>([
      ['page', '/'],
      ['replyto', '/posts/a'],
      ['next', '/login'],
      ['before', '/wishes'],
      ['after', '/wishes/granted'],
      ['reset', '/login'],
      ['link', '/wishes/2026-01-07/1'],
    ]);
    const neverCached =
      /src\/pages\/(admin|account|setup|comments|notifications|wishes\/manage|signup|verify|reset|unsubscribe|confirm-replies|follow|moderator-invite|report)/;
    for (const file of [...filesUnder('src/pages'), ...filesUnder('src/components')]) {
      if (neverCached.test(file)) continue;
      const text = readFileSync(file, 'utf8');
      for (const [, name] of text.matchAll(/searchParams\.(?:get|has|getAll)\('([^']+)'\)/g)) {
        const page = cached.get(name!);
        expect(page, `${file} reads ?${name}`).toBeDefined();
        expect(canonicalKey(page!, `?${name}=1`), `${file} reads ?${name}`).toContain(`${name}=1`);
      }
    }
  });
});

describe('chooseEncoding', () => {
  it('prefers brotli, then gzip, by the client’s weights', () => {
    expect(chooseEncoding(null)).toBe('identity');
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0')).toBe('identity');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('identity')).toBe('identity');
    expect(chooseEncoding('deflate')).toBe('identity');
  });
});

describe('personal skeletons', () => {
  const ann = { id: 'a1', name: 'Ann', unreadCount: 2 };
  const ben = { id: 'b2', name: 'Ben', unreadCount: 0 };
  const now = new Date('2026-11-25T12:00:00Z');
  const page = (person: { name: string; unreadCount: number }) =>
    `<nav>${slotHtml('name', person)}${slotHtml('unread', person)}</nav>` +
    `${SHARED_START}<article>Ann said…<p>Hi</p>` +
    ownControlsMarker({ userId: 'a1', commentId: 5, createdAt: new Date(now.getTime() - 60_000), bare: true }) +
    `</article><article>Ben said…` +
    ownControlsMarker({ userId: 'b2', commentId: 6, createdAt: new Date(now.getTime() - 3_600_000), bare: false }) +
    `</article>${SHARED_END}<form>Commenting as ${slotHtml('name', person)}</form>`;

  it("fills each reader's own slots, and only theirs, with no marker left", () => {
    const skeleton = toSkeleton(page(ann));
    expect(isShareable(skeleton, ann)).toBe(true);
    const forBen = Buffer.concat(fillSkeleton(skeleton, ben, now, ownControlsHtml).chunks).toString();
    const forAnn = Buffer.concat(fillSkeleton(skeleton, ann, now, ownControlsHtml).chunks).toString();
    expect(forBen).toContain('/comments/6/delete');
    expect(forBen).not.toContain('/comments/5/');
    // Ann's comment is a minute old: she may still edit it.
    expect(forAnn).toContain(
      '<p class="cm-acts"><a href="/comments/5/edit">Edit</a><a href="/comments/5/delete">Delete</a></p>',
    );
    expect(forAnn).not.toContain('/comments/6/');
    expect(forBen).toContain('<!--wc:name-->Ben<!--/wc:name-->');
    expect(forBen).not.toContain('Ann</');
    for (const html of [forAnn, forBen]) {
      expect(html).not.toMatch(/wc:own|wc:shared|a1|b2/);
    }
    // The same bytes as a page rendered for Ben with his controls in place.
    expect(Buffer.concat(fillSkeleton(toSkeleton(page(ben)), ben, now, ownControlsHtml).chunks).toString()).toBe(
      forBen,
    );
  });

  it('shows an unread count past 99 as 99+ (the session reads no further than 100)', () => {
    expect(slotHtml('unread', { name: 'Ada', unreadCount: 100 })).toContain('>99+</span>');
    expect(slotHtml('unread', { name: 'Ada', unreadCount: 7 })).toContain(', 7 unread');
    expect(slotHtml('unread', { name: 'Ada', unreadCount: 0 })).not.toContain('badge-count');
  });

  it('is not shared when the reader is named outside slots and shared regions', () => {
    expect(isShareable(toSkeleton(`${page(ann)}<p>Replying to Ann</p>`), ann)).toBe(false);
    expect(isShareable(toSkeleton('<p>no slots</p>'), ann)).toBe(false);
  });
});
