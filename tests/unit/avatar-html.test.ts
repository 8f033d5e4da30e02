// How an avatar is shown (uploaded picture or identicon), the thread's use of
// it, and the account page's body limit at the edge.
import { describe, expect, it } from 'vitest';
import { renderAvatarHtml } from '../../src/lib/people/avatar-html.ts';
import { MAX_AVATAR_BYTES } from '../../src/lib/people/picture.ts';
import { bodyLimitFor, MAX_EDITOR_REQUEST_BYTES, MAX_REQUEST_BYTES } from '../../src/server/http/limits.ts';

const key = (n: number, ext: string) => `${String(n).padStart(32, 'a')}.${ext}`;
const variants = [64, 128, 256].flatMap((side, i) =>
  (['avif', 'webp', 'png'] as const).map((format, j) => ({
    key: key(i * 3 + j, format === 'png' ? 'png' : format),
    format,
    width: side,
    height: side,
    bytes: 100,
  })),
);

describe('avatars', () => {
  it('draws the identicon when there is no picture', () => {
    expect(renderAvatarHtml(null, { handle: 'ann', px: 32, alt: '' })).toBe(
      '<img src="/people/ann/avatar.svg" alt="" width="32" height="32">',
    );
  });

  it('shows an uploaded picture as <picture> with every size, the fallback format last', () => {
    const html = renderAvatarHtml(variants, { handle: 'ann', px: 32, alt: 'Ann "A" <x>', lazy: true });
    expect(html.startsWith('<picture><source type="image/avif" srcset="/media/')).toBe(true);
    expect(html).toContain(
      `/media/${key(0, 'avif')} 64w, /media/${key(3, 'avif')} 128w, /media/${key(6, 'avif')} 256w`,
    );
    expect(html).toContain('<source type="image/webp"');
    // 32 px shown: 64 px is sharp at 2×.
    expect(html).toContain(`<img src="/media/${key(2, 'png')}"`);
    expect(html).toContain('sizes="32px"');
    expect(html).toContain('alt="Ann &quot;A&quot; &lt;x&gt;" width="32" height="32" loading="lazy"></picture>');
  });

  it('lets any member send an avatar to /account within the editor-sized body limit', () => {
    expect(bodyLimitFor('/account')).toBe(MAX_EDITOR_REQUEST_BYTES);
    expect(MAX_AVATAR_BYTES + 16 * 1024).toBeLessThan(MAX_EDITOR_REQUEST_BYTES);
    expect(bodyLimitFor('/account/password')).toBe(MAX_REQUEST_BYTES);
  });
});
