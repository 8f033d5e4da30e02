// A post scheduled through the editor (JavaScript off) for the next minute
// appears by itself once that minute comes: same server process, no job, no restart.
// Every database target is scheduled first and then waited for once, so the
// whole file waits at most about a minute.
import { XMLParser } from 'fast-xml-parser';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, noScriptContext } from '../helpers/browser.ts';
import { dbTargets } from '../helpers/db.ts';
import { submitForm } from '../helpers/page.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { createSiteWithPeople, fillPost, logIn, type SiteWithPeople } from './posts-support.ts';

// Half an hour off UTC's minutes and hours: a zone mix-up would miss by hours.
const ZONE = 'Asia/Kolkata';
const SLUG = 'see-you-in-a-minute';

interface Running {
  people: SiteWithPeople;
  server: RunningServer;
  author: Page;
}

async function readerView(url: string) {
  const [post, home, tag, feed] = await Promise.all(
    [`/posts/${SLUG}`, '/', '/tags/patience', '/rss.xml'].map((path) => fetch(url + path)),
  );
  const rss = new XMLParser().parse(await feed!.text());
  return {
    postStatus: post!.status,
    onHome: (await home!.text()).includes(`/posts/${SLUG}`),
    tagStatus: tag!.status,
    inFeed: [rss.rss.channel.item ?? []].flat().some((i: { link: string }) => i.link === `${url}/posts/${SLUG}`),
  };
}

describe.skipIf(!hasChromium)('scheduling in Chromium without JavaScript', () => {
  let browser: Browser;
  const sites: Running[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    for (const target of dbTargets) {
      const people = await createSiteWithPeople(target);
      const server = await startServer(people.site, { SITE_TIMEZONE: ZONE });
      const author = await logIn(await noScriptContext(browser, server.url), people.author.email);
      sites.push({ people, server, author });
    }
  });
  afterAll(async () => {
    await browser?.close();
    for (const { server, people } of sites) {
      await server.stop();
      await people.site.cleanup();
    }
  });

  it(`publishes a post scheduled for the next minute by itself on ${dbTargets.join(' and ')}`, async () => {
    // The form has minute precision: the next whole minute in the site's zone, at least 8 s away.
    let at = DateTime.now().setZone(ZONE).plus({ minutes: 1 }).startOf('minute');
    if (at.diffNow().as('seconds') < 8) at = at.plus({ minutes: 1 });
    const local = at.toFormat("yyyy-LL-dd'T'HH:mm");

    for (const { author } of sites) {
      await author.goto('/admin/posts/new');
      await fillPost(author, { title: 'See you in a minute', body: 'Right **on time**.', tags: 'patience' });
      await fillPost(author, { publishAt: local });
      expect(await submitForm(author, 'Schedule')).toBe(200);
      await expect(author.getByRole('status').first().textContent()).resolves.toContain(
        `Scheduled for ${at.setLocale('en-GB').toLocaleString(DateTime.DATE_FULL)} at ${at.toFormat('HH:mm')}`,
      );
    }

    for (const { server, author } of sites) {
      expect(await readerView(server.url)).toEqual({ postStatus: 404, onHome: false, tagStatus: 404, inFeed: false });
      await author.goto(`/posts/${SLUG}`);
      await expect(author.locator('.status-banner').textContent()).resolves.toContain('Scheduled for');
    }

    const wait = at.toMillis() - Date.now();
    expect(wait).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, wait + 250));

    for (const { server } of sites) {
      expect(await readerView(server.url)).toEqual({ postStatus: 200, onHome: true, tagStatus: 200, inFeed: true });
      const month = `/archive/${at.toFormat('yyyy')}/${at.toFormat('LL')}`;
      expect(await (await fetch(server.url + month)).text()).toContain(`/posts/${SLUG}`);
    }
  }, 120_000);
});
