// What the loop produces without a database: visitors' mails and the stats chart's geometry.
import { describe, expect, it } from 'vitest';
import { axisMax, layoutStatsChart } from '../../src/lib/wishes/board/stats-chart.ts';
import type { WeekStats } from '../../src/lib/wishes/board/stats.ts';
import {
  contactSharedMail,
  followUpMail,
  manageLinkMail,
  messageMail,
  wishGrantedMail,
} from '../../src/lib/wishes/visitors/visitor-mail.ts';
import { SITE_NAME_SLOT } from '../../src/lib/mail/compose.ts';

const base = { to: 'vera@example.org', name: 'Vera <b>V</b>', manageUrl: 'https://site.example/wishes/manage/T0K3N' };

describe("visitors' mails", () => {
  it('carries the manage link in both parts, and escapes user text in the HTML part', () => {
    const mail = manageLinkMail(base, 'wish', 'I wish for <script>alert(1)</script> a mentor');
    expect(mail.to).toBe('vera@example.org');
    expect(mail.subject).toBe(`Your wish on ${SITE_NAME_SLOT}: your private link`);
    expect(mail.text).toContain('https://site.example/wishes/manage/T0K3N');
    expect(mail.text).toContain('Hello Vera <b>V</b>,');
    expect(mail.html).toContain('<a href="https://site.example/wishes/manage/T0K3N">Manage your wish</a>');
    expect(mail.html).toContain('Hello Vera &lt;b&gt;V&lt;/b&gt;,');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).not.toContain('<script>');
  });

  it('keeps subjects to one line, whatever a name holds', () => {
    const mail = messageMail(base, 'Bob\r\nBcc: everyone@example.org', 'Hello');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe('A message from Bob Bcc: everyone@example.org about a wish');
  });

  it('asks warmly how it went, naming the weeks and the wish, with no pressure', () => {
    const mail = followUpMail(base, 2, 'I wish for a printer');
    expect(mail.subject).toBe(`How did it go? Your wish on ${SITE_NAME_SLOT}`);
    expect(mail.text).toContain('Hello Vera <b>V</b>,');
    expect(mail.text).toContain('2 weeks ago you shared a wish on the board: “I wish for a printer”.');
    expect(mail.text).toContain('hope these weeks have been kind to you');
    expect(mail.text).toContain('The people who offered help will be glad to know it mattered.');
    expect(mail.text).toContain('If not yet, that is all right too.');
    expect(mail.text).toContain('Tell us how it went: https://site.example/wishes/manage/T0K3N');
  });

  it('thanks a visitor who offered help when the wish came true, quoting the thank-you as text', () => {
    const mail = wishGrantedMail(base, 'Wendy', 'Thank you **so** much');
    expect(mail.subject).toBe("Wendy's wish came true");
    expect(mail.text).toContain('Thank you for being part of it.');
    expect(mail.text).toContain('Wendy wrote: “Thank you so much”');
    expect(mail.text).toContain('See your offer: https://site.example/wishes/manage/T0K3N');
  });

  it('names what was shared', () => {
    const mail = contactSharedMail(base, 'Bob', { kind: 'website', value: 'https://bob.example/' });
    expect(mail.subject).toBe('Bob shared their website with you');
    expect(mail.text).toContain('Bob chose to share their website with you: https://bob.example/');
  });
});

const week = (boardDate: string, over: Partial<WeekStats> = {}): WeekStats => ({
  boardDate,
  wishes: 0,
  offers: 0,
  offeredWithinDay: 0,
  grantedWithinSixWeeks: 0,
  giveFirstOffers: 0,
  ...over,
});

describe('the stats chart', () => {
  it('tops the axis with four round, whole-number steps', () => {
    expect([0, 3, 5, 9, 11, 20, 21, 480].map(axisMax)).toEqual([4, 4, 8, 12, 12, 20, 24, 600]);
  });

  it('draws three bars per week on a shared count axis, tallest for the largest count', () => {
    const layout = layoutStatsChart(
      [week('2026-11-18', { wishes: 4, offers: 8, giveFirstOffers: 2, offeredWithinDay: 2 }), week('2026-11-25')],
      { width: 400, height: 200 },
    );
    expect(layout.plot).toEqual({ left: 36, top: 12, right: 360, bottom: 172 });
    const [first, second] = layout.columns;
    expect(first!.label).toBe('18 Nov');
    expect(first!.bars.map((b) => [b.series, b.value, b.height])).toEqual([
      ['wishes', 4, 80],
      ['offers', 8, 160],
      ['giveFirstOffers', 2, 40],
    ]);
    // Bars stand on the axis and sit side by side within their week.
    for (const bar of first!.bars) expect(bar.y + bar.height).toBeCloseTo(172, 5);
    expect(first!.bars[1]!.x).toBeCloseTo(first!.bars[0]!.x + first!.bars[0]!.width, 5);
    expect(second!.bars.every((b) => b.height === 0)).toBe(true);
    expect(layout.yTicks.map((t) => [t.value, t.y])).toEqual([
      [0, 172],
      [2, 132],
      [4, 92],
      [6, 52],
      [8, 12],
    ]);
    // The share line has a point only for weeks with wishes: 2 of 4 is half way up.
    expect(layout.shareDots).toEqual([{ x: first!.x, y: 92, percent: 50 }]);
    expect(layout.sharePoints).toBe(`${first!.x},92`);
  });

  it('draws an empty chart for no weeks', () => {
    const layout = layoutStatsChart([]);
    expect([layout.columns, layout.shareDots, layout.sharePoints]).toEqual([[], [], '']);
  });
});
