// The geometry of the stats chart, as a pure function of the weekly numbers:
// grouped bars (wishes, offers, give-first offers) per week on a count axis,
// and a line for the share of wishes offered help within a day (0–100 %, right
// axis). The page draws it as inline SVG; no script is involved.
import { DateTime } from 'luxon';
import { shareOf, type WeekStats } from './stats.ts';

const CHART_SERIES = ['wishes', 'offers', 'giveFirstOffers'] as const;
export type ChartSeries = (typeof CHART_SERIES)[number];

interface ChartBar {
  series: ChartSeries;
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
}

interface ChartColumn {
  /** Centre of the week's group. */
  x: number;
  label: string;
  bars: ChartBar[];
}

interface ChartLayout {
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

const TICKS = 4;

/** The smallest round whole number at or above `raw` (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k), at least 1. */
function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    const step = m * power;
    if (step >= raw && Number.isInteger(step)) return step;
  }
  return 10 * power;
}

/** The top of the count axis: four equal whole-number steps that reach `value`. */
export function axisMax(value: number): number {
  return TICKS * niceStep(value / TICKS);
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
  const max = axisMax(Math.max(0, ...weeks.flatMap((w) => CHART_SERIES.map((s) => w[s]))));
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
    yTicks: Array.from({ length: TICKS + 1 }, (_, k) => ({ y: yOf((max * k) / TICKS), value: (max * k) / TICKS })),
    columns,
    sharePoints: shareDots.map((d) => `${d.x},${d.y}`).join(' '),
    shareDots,
  };
}
