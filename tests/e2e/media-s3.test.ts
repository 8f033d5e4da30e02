// Two app processes on one PostgreSQL sharing their images through an
// S3-compatible bucket (s3rver, started here on loopback), as two machines
// would: an image uploaded through one has every variant served by the other,
// and deleted through one it is gone from both and from the bucket.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Storage } from '../../src/lib/media/s3-storage.ts';
import { TEST_PASSWORD } from '../helpers/fixtures.ts';
import { makePhoto } from '../helpers/images.ts';
import { startTestS3, type TestS3 } from '../helpers/s3.ts';
import { cookieFrom, postForm, startServer, type RunningServer } from '../helpers/server.ts';
import { createSiteWithPeople, type SiteWithPeople } from './posts-support.ts';

describe.skipIf(!process.env.TEST_DATABASE_URL)('images shared through an S3-compatible bucket', () => {
  let s3: TestS3;
  let people: SiteWithPeople;
  let one: RunningServer;
  let other: RunningServer;
  let mediaDirs: string[] = [];
  const bucket = () =>
    createS3Storage({
      endpoint: s3.endpoint,
      bucket: s3.bucket,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });

  beforeAll(async () => {
    s3 = await startTestS3();
    people = await createSiteWithPeople('postgres');
    // Each its own MEDIA_DIR, as on two machines: only the bucket is shared.
    mediaDirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'wishcast-e2e-machine-')));
    const machine = (dir: string) => startServer(people.site, { ...s3.env, MEDIA_DIR: dir });
    [one, other] = await Promise.all([machine(mediaDirs[0]!), machine(mediaDirs[1]!)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([one?.stop(), other?.stop()]);
    await people?.site.cleanup();
    await s3?.stop();
    for (const dir of mediaDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('serves every variant uploaded through one process from the other, and deletes from both', async () => {
    const login = await postForm(one.url, '/login?_action=auth.logIn', {
      email: people.author.email,
      password: TEST_PASSWORD,
    });
    expect(login.status).toBe(303);
    const cookie = cookieFrom(login);

    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(await makePhoto(1600, 1000))], { type: 'image/jpeg' }), 'dusk.jpg');
    form.set('alt', 'The harbour at dusk');
    const upload = await fetch(`${one.url}/admin/media?_action=media.upload`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: one.url, cookie },
      body: form,
    });
    expect(upload.status, await upload.text()).toBe(303);
    const id = Number(/uploaded=(\d+)/.exec(upload.headers.get('location') ?? '')?.[1]);

    const db = people.site.openDb();
    let keys: string[];
    try {
      const row = await db.selectFrom('media').select('variants').where('id', '=', id).executeTakeFirstOrThrow();
      keys = row.variants.map((variant) => variant.key);
    } finally {
      await db.destroy();
    }
    expect(keys.length).toBeGreaterThan(2);
    expect(keys.some((key) => key.endsWith('.avif'))).toBe(true);
    for (const key of keys) expect(await bucket().has(key), key).toBe(true);
    for (const dir of mediaDirs) expect(readdirSync(dir)).toEqual([]);

    // Nothing of it is on the other process's machine: every variant comes from the bucket.
    for (const key of keys) {
      const answer = await fetch(`${other.url}/media/${key}`);
      expect(answer.status, key).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(answer.headers.get('content-type')).toMatch(/^image\//);
      const body = new Uint8Array(await answer.arrayBuffer());
      expect(Number(answer.headers.get('content-length'))).toBe(body.length);
    }
    const byId = await fetch(`${other.url}/media/${id}`, { redirect: 'manual' });
    expect(byId.status).toBe(302);
    expect((await fetch(other.url + byId.headers.get('location')!)).status).toBe(200);
    const head = await fetch(`${other.url}/media/${keys[0]}`, { method: 'HEAD' });
    expect(head.status).toBe(200);

    const removal = await postForm(
      one.url,
      '/admin/media?_action=media.delete',
      { id: String(id), confirm: 'yes' },
      { cookie },
    );
    expect(removal.status).toBe(303);
    for (const key of keys) {
      for (const server of [one, other]) expect((await fetch(`${server.url}/media/${key}`)).status, key).toBe(404);
    }
    expect((await fetch(`${other.url}/media/${id}`, { redirect: 'manual' })).status).toBe(404);
    for (const key of keys) expect(await bucket().has(key), key).toBe(false);
    for (const server of [one, other]) expect(server.output()).not.toMatch(/"level":50/);
  }, 120_000);
});
