// How the benchmark measures: autocannon runs, single-request latencies, the
// server's memory, and the bytes a page takes on the wire in each encoding.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import autocannon from 'autocannon';

export const CONNECTIONS = 16;
export const DURATION_S = Number(process.env.BENCH_DURATION ?? (process.env.BENCH_SMOKE === '1' ? 2 : 10));
export const WARMUP_S = process.env.BENCH_SMOKE === '1' ? 1 : 3;
/** What a browser sends: the figures are for compressed pages, as browsers get them. */
export const BROWSER = { 'accept-encoding': 'br, gzip' };

export interface Load {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  /** Bytes per second sent by the server. */
  bytesPerSecond: number;
}

/** 16 connections for DURATION_S seconds after a warm-up. */
export async function load(url: string, headers: Record<string, string> = {}, warmup = true): Promise<Load> {
  const run = (duration: number) =>
    autocannon({ url, connections: CONNECTIONS, duration, headers, pipelining: 1 }) as Promise<autocannon.Result>;
  if (warmup) await run(WARMUP_S);
  const r = await run(DURATION_S);
  return {
    requestsPerSecond: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    bytesPerSecond: Math.round(r.throughput.average),
  };
}

/** The process's highest resident set size so far (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** The process's resident set size now (VmRSS), in MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median time of one request at a time for `url(i)`, after three to warm up. */
export async function medianLatency(url: (i: number) => string, headers: Record<string, string>, n = 15) {
  const times: number[] = [];
  for (let i = 0; i < n + 3; i++) {
    const started = performance.now();
    const res = await fetch(url(i), { headers });
    await res.arrayBuffer();
    if (i >= 3) times.push(performance.now() - started);
  }
  return median(times);
}

/** A response's body as sent (no decompression) and its headers. */
export function fetchRaw(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; bytes: number; encoding: string | null; body: Buffer }>((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const encoding = (res.headers['content-encoding'] as string | undefined) ?? null;
        resolve({ status: res.statusCode ?? 0, bytes: body.byteLength, encoding, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A page's size as HTML, brotli and gzip, and its script tags. */
export async function wireSizes(url: string, headers: Record<string, string> = {}) {
  const html = await fetchRaw(url, headers);
  const br = await fetchRaw(url, { ...headers, 'accept-encoding': 'br' });
  const gzip = await fetchRaw(url, { ...headers, 'accept-encoding': 'gzip' });
  const text = html.body.toString();
  return { html: html.bytes, br: br.bytes, gzip: gzip.bytes, scripts: (text.match(/<script\b/gi) ?? []).length, text };
}
