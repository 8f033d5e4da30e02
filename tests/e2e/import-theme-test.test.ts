// Issue 30, as a person does it: `npm run import -- wordpress FILE` with WordPress's Theme
// Unit Test export, its images served from a local server, then the real site. The old
// upload addresses (and WordPress's sized copies of them) answer 301 to the copies, which
// are served; the posts show the copies as <picture>s; the attachment pages lead to their
// post. One database (PGlite): tests/integration/import-theme-test.test.ts runs the same
// import on both.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, TEST_PASSWORD, uniqueEmail } from '../helpers/fixtures.ts';
import {
  cookieFrom,
  createTestSite,
  postForm,
  startServer,
  type RunningServer,
  type TestSite,
} from '../helpers/server.ts';
import { MISSING, startImageHost, type ImageHost } from '../helpers/theme-test.ts';

const run = promisify(execFile);

describe('importing the Theme Unit Test export with the command, then visiting the site', () => {
  let host: ImageHost;
  let site: TestSite;
  let server: RunningServer;
  let dir = '';
  let output = '';
  const email = uniqueEmail('author');
  const get = (path: string) => fetch(server.url + path, { redirect: 'manual' });

  beforeAll(async () => {
    host = await startImageHost();
    dir = mkdtempSync(join(tmpdir(), 'wishcast-theme-test-e2e-'));
    const file = join(dir, 'themeunittestdata.wordpress.xml');
    writeFileSync(file, host.xml);
    site = await createTestSite('pglite');
    const db = site.openDb();
    await makeAccount(db, { name: 'Theme Buster', email, role: 'author' }).finally(() => db.destroy());
    const env = { ...site.env, MEDIA_DIR: join(dir, 'media') };
    // Asynchronous, so this process's image server can answer the command's requests.
    const result = await run(process.execPath, ['scripts/import.ts', 'wordpress', file], {
      env: { ...process.env, ...env, SITE_URL: 'http://127.0.0.1:4321', IMPORT_ALLOW_PRIVATE_ADDRESS: '1' },
      timeout: 60_000,
    });
    output = result.stdout;
    server = await startServer(site, { MEDIA_DIR: env.MEDIA_DIR });
  });
  afterAll(async () => {
    await server?.stop();
    await site?.cleanup();
    await host?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('says what it copied and what failed, with the post', () => {
    expect(output).toMatch(/posts: 58 new/);
    expect(output).toContain(`Images: ${host.images.size} copied, 0 already here, 1 failed`);
    expect(output).toMatch(new RegExp(`: ${host.uploads}${MISSING} \\(HTTP 404\\)`));
  });

  it('answers the old upload addresses with 301 to the copies, which are served', async () => {
    const old = await get('/wp-content/uploads/2008/06/canola2.jpg');
    expect(old.status).toBe(301);
    const copy = old.headers.get('location')!;
    expect(copy).toMatch(/^\/media\//);
    const image = await get(copy);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toMatch(/^image\//);
    const sized = await get('/wp-content/uploads/2008/06/canola2-150x150.jpg');
    expect(sized.status).toBe(301);
    expect(sized.headers.get('location')).toBe(copy);
    expect((await get(`/wp-content/uploads/${MISSING}`)).status).toBe(404);
    expect((await get('/?attachment_id=611')).headers.get('location')).toBe('/posts/post-format-gallery');
  });

  it('shows the copies in the posts, and nothing from the old host', async () => {
    const page = await (await get('/posts/markup-image-alignment')).text();
    expect(page.match(/<picture>/g)!.length).toBeGreaterThanOrEqual(4);
    expect(page).toContain('alt="Image Alignment 580x300"');
    expect(page).not.toContain(host.base);
    const gallery = await (await get('/posts/block-gallery')).text();
    expect(gallery).not.toContain('wpthemetestdata.files.wordpress.com');
    expect(gallery.match(/src="\/media\//g)!.length).toBeGreaterThanOrEqual(20);
  });

  it('shows the images the old site gave no alt text as still to be described in the library', async () => {
    const login = await postForm(server.url, '/login?_action=auth.logIn', { email, password: TEST_PASSWORD });
    const library = await fetch(`${server.url}/admin/media`, { headers: { cookie: cookieFrom(login) } });
    expect(library.status).toBe(200);
    const html = await library.text();
    expect(html).toContain('No alt text yet: the old site gave none');
    expect(html).toContain('Image Alignment 580x300');
  });
});
