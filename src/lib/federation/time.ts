// Fedify's types name the standard Temporal (TypeScript's own declarations),
// while at run time it uses @js-temporal/polyfill, Node 24 having no Temporal.
// Values made here come from that same polyfill, typed as Fedify expects.
import { Temporal as Polyfill } from '@js-temporal/polyfill';

export function instantOf(date: Date): Temporal.Instant {
  return Polyfill.Instant.fromEpochMilliseconds(date.getTime()) as unknown as Temporal.Instant;
}

export function durationOf(milliseconds: number): Temporal.Duration {
  return Polyfill.Duration.from({ milliseconds }) as unknown as Temporal.Duration;
}
