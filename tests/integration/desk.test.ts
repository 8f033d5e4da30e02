// The author's desk (issue 27): the first screen's counts and the setup
// checklist, each item checked from the site's real state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDesk } from '../../src/lib/desk/service.ts';
import { addVisits } from '../../src/lib/desk/repo.ts';
import { listVisitsPerDay } from '../../src/lib/desk/visits.ts';
import { createPage } from '../../src/lib/pages/service.ts';
import { updateSettings } from '../../src/lib/settings/settings.ts';
import { seedSampleSite } from '../../scripts/sample-site.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';

const NOW = new Date('2026-11-25T12:00:00Z'); // a Wednesday
const options = { now: NOW, mailConfigured: false, wishDay: 'wednesday', timeZone: 'UTC' };

describe.each(dbTargets)("the author's desk on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());

  it('starts with every setup step to do and nothing to count', async () => {
    const desk = await readDesk(t.db, options);
    expect(desk.checklist.map((i) => i.done)).toEqual([false, false, false, false, false]);
    expect(desk.setUp).toBe(false);
    expect(desk.board).toBeNull();
    expect(desk.held.total).toBe(0);
    expect(desk.recentComments).toEqual([]);
    expect(desk.audience).toEqual({ emailFollowers: 0, fediverseFollowers: 0, members: 0 });
  });

  it('ticks each step as the site is set up, and counts the board, comments and members', async () => {
    await updateSettings(t.db, { siteName: 'Krista Said' });
    expect((await readDesk(t.db, options)).checklist[0]!.done).toBe(false); // the tagline too
    await updateSettings(t.db, { tagline: 'Small favours.' });
    await createPage(
      t.db,
      { title: 'About', slug: 'about', bodyMd: 'Me.', status: 'published', showInMenu: true, menuOrder: 0 },
      NOW,
    );
    await seedSampleSite(t.db, NOW, { timeZone: 'UTC', wishWeekday: 3 });
    const desk = await readDesk(t.db, { ...options, mailConfigured: true });
    expect(desk.checklist.every((i) => i.done)).toBe(true);
    expect(desk.setUp).toBe(true);
    expect(desk.board).toMatchObject({ wishDate: '2026-11-25' });
    expect(desk.board!.wishes).toBeGreaterThan(0);
    expect(desk.board!.offers).toBeGreaterThan(0);
    expect(desk.board!.granted).toBeGreaterThan(0);
    expect(desk.held.total).toBeGreaterThan(0);
    expect(desk.recentComments.length).toBeGreaterThan(0);
    expect(desk.recentComments[0]).toMatchObject({ postSlug: expect.any(String), authorName: expect.any(String) });
    expect(desk.audience.members).toBeGreaterThan(0);
  });

  it('adds batches of visits to their days and lists the last days, with 0 for days without', async () => {
    await addVisits(t.db, [
      { day: '2026-11-24', pathClass: 'home', visits: 3 },
      { day: '2026-11-25', pathClass: 'post', visits: 2 },
    ]);
    await addVisits(t.db, [
      { day: '2026-11-25', pathClass: 'post', visits: 5 },
      { day: '2026-11-25', pathClass: 'home', visits: 1 },
    ]);
    expect(await listVisitsPerDay(t.db, '2026-11-25', 3)).toEqual([
      { day: '2026-11-23', visits: 0 },
      { day: '2026-11-24', visits: 3 },
      { day: '2026-11-25', visits: 8 },
    ]);
    const desk = await readDesk(t.db, options);
    expect(desk.visits).toHaveLength(14);
    expect(desk.visits.at(-1)).toEqual({ day: '2026-11-25', visits: 8 });
  });
});
