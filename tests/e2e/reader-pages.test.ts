// Signed-in readers who share a view of a post get a page kept once and filled
// with their own name and unread count: never another reader's, never stale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../helpers/db.ts';
import { startSampleSite, stopSampleSite } from '../helpers/site.ts';
import { cookieFrom, postForm, type RunningServer, type TestSite } from '../helpers/server.ts';
import { createConfirmedAccount } from '../helpers/fixtures.ts';

const PASSWORD = 'reader pages pw';
const PAGE = '/posts/ask-what-you-can-do-first'; // post 1 (content is imported in file-name order)
const OTHER = '/posts/how-to-write-a-good-wish'; // post 2

describe.each(dbTargets)('pages kept for signed-in readers on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  const cookie: Record<string, string> = {};

  beforeAll(async () => {
    ({ site, server } = await startSampleSite(target, {
      seed: async (db) => {
        for (const name of ['Rita', 'Sam', 'Cleo']) {
          await createConfirmedAccount(db, { name, email: `${name.toLowerCase()}@example.test`, password: PASSWORD });
        }
      },
      env: { RATE_LIMIT_FACTOR: '100' },
    }));
    for (const name of ['Rita', 'Sam', 'Cleo']) {
      const res = await postForm(server.url, '/login?_action=auth.logIn', {
        email: `${name.toLowerCase()}@example.test`,
        password: PASSWORD,
      });
      cookie[name] = cookieFrom(res);
    }
  });
  afterAll(() => stopSampleSite(site, server));

  const read = async (who: string, path = PAGE) => {
    const res = await fetch(server.url + path, { headers: { cookie: cookie[who]! } });
    return { res, html: await res.text() };
  };

  it("gives each reader their own name, never another reader's", async () => {
    const rita = await read('Rita');
    const sam = await read('Sam');
    const samAgain = await read('Sam');
    for (const page of [sam, samAgain]) {
      expect(page.res.status).toBe(200);
      expect(page.res.headers.get('cache-control')).toBe('private, no-store');
      expect(page.html).toContain('Commenting as <strong><!--wc:name-->Sam<!--/wc:name--></strong>');
      expect(page.html).not.toContain('Rita');
    }
    expect(rita.html).toContain('Commenting as <strong><!--wc:name-->Rita<!--/wc:name--></strong>');
    expect(rita.html).not.toContain('Sam');
    // Apart from the slots, the two pages are the same page.
    const strip = (html: string) => html.replace(/<!--wc:(\w+)-->[\s\S]*?<!--\/wc:\1-->/g, '');
    expect(strip(samAgain.html)).toBe(strip(rita.html));
  });

  it('shows a writer their own controls, and nobody else', async () => {
    const posted = await postForm(
      server.url,
      `${PAGE}?_action=comments.create`,
      { post_id: '1', body: 'Cleo writes' },
      {
        cookie: cookie.Cleo!,
      },
    );
    expect(posted.status).toBe(303);
    const cleo = await read('Cleo');
    expect(cleo.html).toContain('Cleo writes');
    expect(cleo.html).toMatch(/href="\/comments\/\d+\/edit"/);
    const sam = await read('Sam');
    expect(sam.html).toContain('Cleo writes'); // the very next request after the write
    expect(sam.html).not.toMatch(/href="\/comments\/\d+\/edit"/);
    expect(sam.html).not.toContain('Commenting as <strong><!--wc:name-->Cleo');
  });

  it("fills in the reader's own unread count", async () => {
    const mine = await postForm(
      server.url,
      `${OTHER}?_action=comments.create`,
      { post_id: '2', body: 'Sam asks' },
      {
        cookie: cookie.Sam!,
      },
    );
    const samComment = /#comment-(\d+)/.exec(mine.headers.get('location') ?? '')?.[1];
    await postForm(
      server.url,
      `${OTHER}?_action=comments.create`,
      { post_id: '2', parent_id: samComment!, body: 'Rita answers' },
      {
        cookie: cookie.Rita!,
      },
    );
    await read('Rita'); // keep the page again, for Rita
    const sam = await read('Sam');
    expect(sam.html).toContain(', 1 unread');
    expect(sam.html).not.toContain('Rita');
  });
});
