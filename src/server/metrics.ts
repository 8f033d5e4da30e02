// Prometheus metrics of this process (prom-client): the registry, and what the
// request edge and the jobs count into it (requests by route pattern and status
// with their latency, page cache hits and misses, job runs). What is read when
// scraped (the outbox, the database pool) and the /metrics answer itself are in
// metrics-endpoint.ts, which needs the app (this module may not: the jobs import it).
import type { ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { RequestContext } from './log.ts';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

const requests = new Counter({
  name: 'wishcast_http_requests_total',
  help: 'HTTP requests answered, by route pattern, method and status',
  labelNames: ['route', 'method', 'status'] as const,
  registers: [registry],
});
const latency = new Histogram({
  name: 'wishcast_http_request_duration_seconds',
  help: 'Time from a request arriving to its answer being sent, by route pattern, method and status',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});
const pageCache = new Counter({
  name: 'wishcast_page_cache_requests_total',
  help: 'Requests the page cache could answer: hit (answered from it), miss (rendered and kept), pass (not cacheable)',
  labelNames: ['result'] as const,
  registers: [registry],
});
const jobRuns = new Counter({
  name: 'wishcast_job_runs_total',
  help: 'Background job runs of this process, by job and outcome (ok or error)',
  labelNames: ['job', 'outcome'] as const,
  registers: [registry],
});

/**
 * Counts an answered request (the listener calls it as each response closes).
 * Astro's route pattern labels it, never the path: a page cache hit, answered
 * before Astro, is "(page cache)", and a request refused at the edge "(edge)".
 */
export function observeRequest(
  method: string | undefined,
  res: ServerResponse,
  context: RequestContext,
  startedAt: number,
) {
  const route = context.route ?? (context.cache === 'hit' ? '(page cache)' : '(edge)');
  const labels = {
    route,
    method: method && METHODS.has(method) ? method : 'other',
    status: String(res.statusCode),
  };
  requests.inc(labels);
  latency.observe(labels, (performance.now() - startedAt) / 1000);
  if (method === 'GET' || method === 'HEAD') pageCache.inc({ result: context.cache });
}

/** Runs a job's work, counting the run and whether it failed (the error goes on to the job's own handler). */
export function countRuns<T>(job: string, work: () => Promise<T>): () => Promise<T> {
  return async () => {
    try {
      const result = await work();
      jobRuns.inc({ job, outcome: 'ok' });
      return result;
    } catch (error) {
      jobRuns.inc({ job, outcome: 'error' });
      throw error;
    }
  };
}
