// node scripts/screenshots.ts: the home page, a post, the wish board, the author's
// desk and the editor, on a phone and a desktop, in light and dark, as PNGs in
// docs/screenshots/ (viewport only, at 1× so each stays under 150 KB). Also prints
// the home page's weight as a first visit downloads it (HTML, style sheets and
// preloaded fonts, gzip bytes), the figure the design keeps within double its
// old size. Runs the built server (npm run build first) on a freshly seeded
// sample site (scripts/sample-site.ts) in a temporary PGlite directory.
// SCREENSHOTS=0 only measures the weight.
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DateTime } from 'luxon';
import { migrateToLatest } from '../db/migrator.ts';
import { createDb } from '../src/lib/db.ts';
import { WEEKDAYS } from '../src/lib/config.ts';
import { startServer, type BenchServer } from '../bench/support.ts';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { seedPostWithImages } from './sample-images.ts';
import { SAMPLE_AUTHOR_EMAIL, SAMPLE_PASSWORD, seedSampleSite } from './sample-site.ts';

const OUT = 'docs/screenshots';
const LIMIT_BYTES = 150 * 1024;
const DEVICES = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false },
} as const;

/** Bytes a first visit to `path` downloads, gzip-compressed: the page and what its head makes the browser fetch. */
async function pageWeight(base: string, path: string) {
  const html = await (await fetch(base + path)).text();
  const assets = [...html.matchAll(/<link\b[^>]*\brel="(?:stylesheet|preload)"[^>]*>/g)]
    .map((m) => /\bhref="([^"]+)"/.exec(m[0])?.[1])
    .filter((href): href is string => !!href);
  const gz = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;
  const parts: Record<string, number> = { html: gz(Buffer.from(html)) };
  for (const href of new Set(assets)) {
    parts[href] = gz(new Uint8Array(await (await fetch(new URL(href, base))).arrayBuffer()));
  }
  return { total: Object.values(parts).reduce((a, b) => a + b, 0), parts };
}

async function main(): Promise<number> {
  const now = new Date();
  const wishDay = WEEKDAYS[DateTime.fromJSDate(now, { zone: 'UTC' }).weekday - 1]!;
  const dataDir = mkdtempSync(join(tmpdir(), 'wishcast-shots-'));
  const mediaDir = mkdtempSync(join(tmpdir(), 'wishcast-shots-media-'));
  let server: BenchServer | null = null;
  try {
    const db = createDb({ databaseUrl: null, dataDir });
    let postSlug;
    try {
      await migrateToLatest(db);
      // The post with the conversation; the photo post is seeded too so the home page shows it.
      ({ postSlug } = await seedSampleSite(db, now, { timeZone: 'UTC', wishWeekday: WEEKDAYS.indexOf(wishDay) + 1 }));
      await seedPostWithImages(db, mediaDir, now);
    } finally {
      await db.destroy();
    }
    server = await startServer({ DATA_DIR: dataDir, MEDIA_DIR: mediaDir, SITE_TIMEZONE: 'UTC', WISH_DAY: wishDay });
    const { base } = server;
    const weight = await pageWeight(base, '/');
    console.log(`Home page, first visit: ${weight.total} bytes gzip`, weight.parts);
    if (process.env.SCREENSHOTS === '0') return 0;

    mkdirSync(OUT, { recursive: true });
    const pages: [string, string, boolean][] = [
      ['home', '/', false],
      ['post', `/posts/${postSlug}`, false],
      ['board', '/wishes', false],
      ['desk', '/admin', true],
      ['editor', '/admin/posts/new', true],
    ];
    const browser = await launchBrowser();
    let tooBig = 0;
    try {
      for (const [deviceName, device] of Object.entries(DEVICES)) {
        for (const colorScheme of ['light', 'dark'] as const) {
          const context = await browser.newContext({ ...device, colorScheme, baseURL: base });
          const page = await context.newPage();
          await page.goto('/login');
          await page.getByLabel('Email').fill(SAMPLE_AUTHOR_EMAIL);
          await page.getByLabel('Password', { exact: true }).fill(SAMPLE_PASSWORD);
          await page.getByRole('button', { name: 'Log in' }).click();
          await page.waitForURL((url) => !url.pathname.startsWith('/login'));
          for (const [name, path, signedIn] of pages) {
            // Readers' pages as a visitor sees them; the desk and the editor as the author.
            const target = signedIn ? page : await (await browser.newContext({ ...device, colorScheme })).newPage();
            await target.goto(base + path, { waitUntil: 'load' });
            const file = join(OUT, `${name}-${deviceName}-${colorScheme}.png`);
            await target.screenshot({ path: file });
            if (!signedIn) await target.context().close();
            const size = statSync(file).size;
            if (size > LIMIT_BYTES) tooBig++;
            console.log(`${file}: ${Math.round(size / 1024)} KB${size > LIMIT_BYTES ? ' (over 150 KB)' : ''}`);
          }
          await context.close();
        }
      }
    } finally {
      await browser.close();
    }
    return tooBig === 0 ? 0 : 1;
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(mediaDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
