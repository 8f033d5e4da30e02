// The W3C's Nu Html Checker (vnu.jar from the vnu-jar package, run by Java) on
// the pages as the built server sends them, from a seeded site: the home page,
// a post with a cover and comments, a post with a cover and three photos, the
// open wish board, a wish, the desk, the editor, settings, the sign-in and
// sign-up forms, /follow and search results. One Java process checks them all;
// no page may have an error (warnings are printed, not failed). Skipped, saying
// so, where Java is not installed (.ci/run installs it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSampleSite, type SampleSite } from '../../scripts/sample-site.ts';
import { seedPostWithImages, type PostWithImages } from '../../scripts/sample-images.ts';
import { WEEKDAYS } from '../../src/lib/config.ts';
import {
  cookieFrom,
  createTestSite,
  postForm,
  startServer,
  type RunningServer,
  type TestSite,
} from '../helpers/server.ts';
import { todayWeekdayUtc, waitOutMidnight } from '../helpers/time.ts';

// The package's main export is the jar's path (a String object).
const vnuJar = String(createRequire(import.meta.url)('vnu-jar'));
const hasJava = spawnSync('java', ['-version']).status === 0;
if (!hasJava) console.warn('html-validity: skipped, Java is not installed (apt-get install default-jre-headless)');

interface VnuMessage {
  type: 'error' | 'info' | 'non-document-error';
  subType?: string;
  url?: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

describe.skipIf(!hasJava)('the W3C Nu Html Checker finds no errors', () => {
  let site: TestSite;
  let server: RunningServer;
  let sample: SampleSite;
  let photos: PostWithImages;
  let editPath = '';
  const work = mkdtempSync(join(tmpdir(), 'wishcast-vnu-'));

  beforeAll(async () => {
    await waitOutMidnight();
    const wishDay = todayWeekdayUtc();
    site = await createTestSite('pglite');
    const mediaDir = join(work, 'media');
    const db = site.openDb();
    try {
      const now = new Date();
      sample = await seedSampleSite(db, now, {
        timeZone: 'UTC',
        wishWeekday: WEEKDAYS.indexOf(wishDay as (typeof WEEKDAYS)[number]) + 1,
      });
      photos = await seedPostWithImages(db, mediaDir, now);
      // The post with the conversation gets a cover too: one page with both.
      const post = await db
        .updateTable('posts')
        .set({ cover_media_id: photos.cover.mediaId, cover_alt: photos.cover.alt })
        .where('slug', '=', sample.postSlug)
        .returning('id')
        .executeTakeFirstOrThrow();
      editPath = `/admin/posts/${post.id}/edit`;
    } finally {
      await db.destroy();
    }
    server = await startServer(site, { SITE_TIMEZONE: 'UTC', WISH_DAY: wishDay, MEDIA_DIR: mediaDir });
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
    await site?.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('on every kind of page, for readers and for the author', async () => {
    const login = await postForm(server.url, '/login?_action=auth.logIn', {
      email: sample.authorEmail,
      password: sample.password,
    });
    const author = cookieFrom(login);
    expect(author).not.toBe('');
    const pages: [path: string, cookie: string][] = [
      ['/', ''],
      [`/posts/${sample.postSlug}`, ''],
      [`/posts/${photos.slug}`, ''],
      ['/wishes', ''],
      [sample.wishPath, ''],
      ['/login', ''],
      ['/signup', ''],
      ['/follow', ''],
      ['/search?q=wish', ''],
      ['/admin', author],
      ['/admin/posts/new', author],
      [editPath, author],
      ['/admin/settings', author],
    ];
    const files = new Map<string, string>();
    for (const [i, [path, cookie]] of pages.entries()) {
      // No redirect followed: a signed-out answer (to /login) would pass for the desk.
      const res = await fetch(server.url + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
      expect(res.status, path).toBe(200);
      const file = join(work, `page-${i}.html`);
      writeFileSync(file, await res.text());
      files.set(file, path);
    }
    expect(await (await fetch(`${server.url}/posts/${sample.postSlug}`)).text()).toContain(photos.cover.alt);

    const run = spawnSync('java', ['-jar', vnuJar, '--format', 'json', '--exit-zero-always', ...files.keys()], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(run.status, run.stderr).toBe(0);
    const { messages } = JSON.parse(run.stderr) as { messages: VnuMessage[] };
    const where = (m: VnuMessage) =>
      `${files.get(m.url?.replace(/^file:/, '') ?? '') ?? m.url} line ${m.lastLine}: ${m.message}${m.extract ? ` · ${m.extract.trim()}` : ''}`;
    const warnings = messages.filter((m) => m.type === 'info').map(where);
    if (warnings.length > 0) console.log(`vnu warnings (allowed):\n  ${warnings.join('\n  ')}`);
    expect(messages.filter((m) => m.type !== 'info').map(where)).toEqual([]);
  }, 120_000);
});
