// Prints the benchmark's figures beside each other (and beside WordPress's,
// from ../shared/peers/wordpress/RESULTS.md) and writes them as JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { CONNECTIONS, DURATION_S, WARMUP_S, type Load } from './measure.ts';
import type { MixFigure } from './wish-day.ts';

interface Wire {
  html: number;
  br: number;
  gzip: number;
  scripts: number;
  text?: string;
}

export interface Results {
  date: string;
  target: string;
  readOnly: (Load & { name: string; path: string })[];
  mix: MixFigure[];
  board: { wishes: number; offers: number; renderKeptMs: number; renderColdMs: number; firstPage: Wire };
  rerenderMs: { comments200: number; comments2000: number };
  wire: Record<'home' | 'post200' | 'post2000' | 'board', Wire>;
  serverPeakRssMb: number;
}

/** WordPress 6.1 on this machine (stock theme, then classic): HTML and gzip bytes. */
const WORDPRESS = {
  home: { html: 62_315, gzip: 14_151, classicGzip: 10_599 },
  post200: { html: 436_877, gzip: 64_530, classicGzip: 57_973 },
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function printAndSave(results: Results): void {
  const bare = results.readOnly[0]!.requestsPerSecond;
  console.log(
    `\nWishcast benchmark · ${results.target} · ${CONNECTIONS} connections · ${DURATION_S} s after ${WARMUP_S} s warm-up · Accept-Encoding: br, gzip`,
  );
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
  );
  console.table(
    results.readOnly.map((f) => ({
      page: f.name,
      'req/s': f.requestsPerSecond,
      'vs bare': `${((f.requestsPerSecond / bare) * 100).toFixed(0)} %`,
      'p50 ms': f.p50Ms,
      'p99 ms': f.p99Ms,
      'errors/non-2xx': `${f.errors}/${f.non2xx}`,
    })),
  );
  console.log('\nA busy wish day (median of 3 rounds; the writer posts a wish, an offer, a comment, deletes it):');
  console.table(
    results.mix.map((m) => ({
      page: m.page,
      'req/s without': m.without.requestsPerSecond,
      'req/s with writer': m.with.requestsPerSecond,
      share: `${(m.ratio * 100).toFixed(0)} %`,
      'p99 ms with': m.with.p99Ms,
      'writes/s': m.writesPerSecond,
      'failed writes': m.failedWrites,
    })),
  );
  const b = results.board;
  console.log(
    `\nBoard with ${b.wishes} wishes / ${b.offers} offers, first page: ${kb(b.firstPage.html)} HTML (${kb(b.firstPage.br)} br, ${kb(b.firstPage.gzip)} gzip); ` +
      `render ${b.renderKeptMs} ms with its cards kept, ${b.renderColdMs} ms with none kept`,
  );
  console.log(
    `Thread rendered again after a write: 200 comments ${results.rerenderMs.comments200} ms, 2,000 comments ${results.rerenderMs.comments2000} ms`,
  );
  console.log('\nOn the wire (bytes of one response):');
  const wp = (name: 'home' | 'post200') =>
    `${kb(WORDPRESS[name].gzip)} gzip of ${kb(WORDPRESS[name].html)} (classic theme ${kb(WORDPRESS[name].classicGzip)})`;
  console.table(
    (['home', 'post200', 'post2000', 'board'] as const).map((name) => ({
      page: name,
      HTML: kb(results.wire[name].html),
      brotli: kb(results.wire[name].br),
      gzip: kb(results.wire[name].gzip),
      scripts: results.wire[name].scripts,
      WordPress: name === 'home' || name === 'post200' ? wp(name) : '—',
    })),
  );
  console.log(`server peak memory (VmHWM): ${results.serverPeakRssMb} MB`);

  const strip = (w: Wire) => ({ html: w.html, br: w.br, gzip: w.gzip, scripts: w.scripts });
  const json = {
    ...results,
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    connections: CONNECTIONS,
    durationSeconds: DURATION_S,
    readOnly: results.readOnly.map((f) => ({ ...f, ratioToBare: +(f.requestsPerSecond / bare).toFixed(3) })),
    board: { ...b, firstPage: strip(b.firstPage) },
    wire: Object.fromEntries(Object.entries(results.wire).map(([k, w]) => [k, strip(w)])),
    wordpress: WORDPRESS,
  };
  mkdirSync('bench/results', { recursive: true });
  const out = `bench/results/${results.date.slice(0, 19).replace(/[:T]/g, '-')}-${results.target}.json`;
  writeFileSync(out, JSON.stringify(json, null, 2) + '\n');
  writeFileSync(`bench/results/latest-${results.target}.json`, JSON.stringify(json, null, 2) + '\n');
  console.log(`\nwrote ${out}`);
}
