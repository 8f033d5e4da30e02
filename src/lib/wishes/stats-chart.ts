// The geometry of the stats chart, as a pure function of the weekly numbers:
// grouped bars (wishes, offers, give-first offers) per week on a count axis,
// and a line for the share of wishes offered help within a day (0–100 %, right
// axis). The page draws it as inline SVG; no script is involved.
import { DateTime } from 'luxon';
import { shareOf, type WeekStats } from './stats.ts';

export const CHART_SERIES = ['wishes', 'offers', 'giveFirstOffers'] as const;
export type ChartSeries = (typeof CHART_SERIES)[number];

export interface ChartBar {
  series: ChartSeries;
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
}

export interface ChartColumn {
  /** Centre of the week's group. */
  x: number;
  label: string;
  bars: ChartBar[];
}

export interface ChartLayout {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  yTicks: { y: number; value: number }[];
  columns: ChartColumn[];
  /** SVG polyline points of the "offered within a day" share, for weeks with wishes. */
  sharePoints: string;
  shareDots: { x: number; y: number; percent: number }[];
}

const MARGIN = { left: 36, top: 12, right: 40, bottom: 28 };

/** The smallest of 1, 2, 5 × 10^k at or above `value` (at least 4, so ticks fall on whole numbers). */
export function niceCeiling(value: number): number {
  if (value <= 4) return 4;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

export function layoutStatsChart(weeks: WeekStats[], size = { width: 640, height: 260 }): ChartLayout {
  const plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    right: size.width - MARGIN.right,
    bottom: size.height - MARGIN.bottom,
  };
  const plotHeight = plot.bottom - plot.top;
  const max = niceCeiling(Math.max(0, ...weeks.flatMap((w) => CHART_SERIES.map((s) => w[s]))));
  const yOf = (value: number) => round(plot.bottom - (value / max) * plotHeight);
  const slot = weeks.length === 0 ? 0 : (plot.right - plot.left) / weeks.length;
  const barWidth = round((slot * 0.75) / CHART_SERIES.length);
  const columns = weeks.map((week, i) => {
    const centre = round(plot.left + slot * (i + 0.5));
    const first = centre - (barWidth * CHART_SERIES.length) / 2;
    return {
      x: centre,
      label: DateTime.fromISO(week.boardDate, { zone: 'UTC' }).setLocale('en-GB').toFormat('d LLL'),
      bars: CHART_SERIES.map((series, j) => ({
        series,
        x: round(first + j * barWidth),
        y: yOf(week[series]),
        width: barWidth,
        height: round(plot.bottom - yOf(week[series])),
        value: week[series],
      })),
    };
  });
  const shareDots = weeks.flatMap((week, i) => {
    const share = shareOf(week.offeredWithinDay, week.wishes);
    if (share === null) return [];
    return [{ x: columns[i]!.x, y: round(plot.bottom - share * plotHeight), percent: Math.round(share * 100) }];
  });
  return {
    width: size.width,
    height: size.height,
    plot,
    yTicks: [0, 1, 2, 3, 4].map((k) => ({ y: yOf((max * k) / 4), value: (max * k) / 4 })),
    columns,
    sharePoints: shareDots.map((d) => `${d.x},${d.y}`).join(' '),
    shareDots,
  };
}
