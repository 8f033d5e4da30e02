// Upload sizes: the setting's bounds, the routes that take an upload, and
// Astro's own action body limit, which must let the largest upload through.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/lib/errors.ts';
import { formatBytes, MAX_UPLOAD_BYTES_CEILING, MAX_UPLOAD_REQUEST_BYTES } from '../../src/lib/media/limits.ts';
import { readConfig } from '../../src/lib/config.ts';
import { settingsFromForm } from '../../src/lib/settings/input.ts';
import { DEFAULT_SETTINGS } from '../../src/lib/settings/settings.ts';
import { bodyLimitFor, MAX_EDITOR_REQUEST_BYTES, MAX_REQUEST_BYTES } from '../../src/server/http/limits.ts';

const MB = 1024 * 1024;

describe('upload limits', () => {
  it('defaults to 10 MB and takes 1 to 32 MB from the settings form', () => {
    expect(DEFAULT_SETTINGS.maxUploadBytes).toBe(10 * MB);
    const base = { thread_depth: '5' };
    expect(settingsFromForm({ ...base, max_upload_mb: '25' }).maxUploadBytes).toBe(25 * MB);
    // A form without the field leaves the stored value alone.
    expect(settingsFromForm(base)).not.toHaveProperty('maxUploadBytes');
    expect(settingsFromForm({ ...base, max_upload_mb: '' })).not.toHaveProperty('maxUploadBytes');
    for (const bad of ['0', '33', '2.5', 'ten']) {
      expect(() => settingsFromForm({ ...base, max_upload_mb: bad }), bad).toThrow(ValidationError);
    }
    expect(MAX_UPLOAD_BYTES_CEILING).toBe(32 * MB);
  });

  it('lets upload pages take the largest upload, and nothing else', () => {
    for (const path of ['/admin/media', '/admin/posts/new', '/admin/posts/12/edit']) {
      expect(bodyLimitFor(path), path).toBe(MAX_UPLOAD_REQUEST_BYTES);
    }
    expect(MAX_UPLOAD_REQUEST_BYTES).toBeGreaterThan(MAX_UPLOAD_BYTES_CEILING);
    expect(bodyLimitFor('/admin/posts/12/delete')).toBe(MAX_EDITOR_REQUEST_BYTES);
    expect(bodyLimitFor('/admin/media/x')).toBe(MAX_REQUEST_BYTES);
    expect(bodyLimitFor('/posts/hello')).toBe(MAX_REQUEST_BYTES);
  });

  it("keeps Astro's action body limit in step with the largest upload (the export import's)", () => {
    const config = readFileSync('astro.config.mjs', 'utf8');
    const match = /actionBodySizeLimit:\s*(\d+)\s*\*\s*1024\s*\*\s*1024/.exec(config);
    const largest = Math.max(MAX_UPLOAD_REQUEST_BYTES, bodyLimitFor('/admin/import'));
    expect(Number(match?.[1]) * MB).toBeGreaterThanOrEqual(largest);
    expect(Number(match?.[1]) * MB - largest).toBeLessThan(MB);
  });

  it('stores media under DATA_DIR/media unless MEDIA_DIR says otherwise', () => {
    expect(readConfig({}).mediaDir).toBe('data/media');
    expect(readConfig({ DATA_DIR: '/var/lib/wishcast' }).mediaDir).toBe('/var/lib/wishcast/media');
    expect(readConfig({ DATABASE_URL: 'postgres://db/app', MEDIA_DIR: '/srv/media' }).mediaDir).toBe('/srv/media');
  });

  it('formats sizes for messages', () => {
    expect(formatBytes(10 * MB)).toBe('10 MB');
    expect(formatBytes(12.44 * MB)).toBe('12.4 MB');
    expect(formatBytes(800 * 1024)).toBe('800 KB');
    expect(formatBytes(10)).toBe('1 KB');
  });
});
