// Delivers due mail from the outbox. Safe on any number of processes: a row is
// claimed by one worker at a time (SKIP LOCKED), the claim is renewed while the
// worker is sending (however slow the relay), each mail is marked sent as soon as
// the relay accepts it, a stop gives back the mail not yet started, and a claim
// whose worker died comes back when its lease runs out. A mail keeps its Message-ID across retries.
// A mail's token-bearing link is minted here, just before it is handed to the
// relay (live-links.ts); a mail kept without SMTP never gets one.
import type { OutboxRow } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { processMailContext, type MailContext } from './context.ts';
import { withLiveLink } from './live-links.ts';
import { claimDueMail, markFailed, markKept, markRetry, markSent, releaseClaims, renewClaims } from './outbox-repo.ts';
import { readSiteName } from '../settings/settings.ts';
import type { MailTransport, Sender } from './transport.ts';

interface DeliveryOptions {
  /** Rows claimed per call. */
  batch?: number;
  /** How long a claim holds unrenewed before another worker may take the row; renewed every third of it while sending. */
  leaseSeconds?: number;
  /** Mails handed to the relay at once (the transport's connections). */
  concurrency?: number;
  /** When aborted (a clean stop), no further mail is started and the claims not started are given back. */
  signal?: AbortSignal;
  /** The time now, for renewals and sent times; the batch's `now` plus the time elapsed by default. */
  clock?: () => Date;
  /** Tries before a temporary failure becomes final. */
  maxAttempts?: number;
  /** First retry delay; each later one doubles, up to maxBackoffSeconds. */
  backoffSeconds?: number;
  maxBackoffSeconds?: number;
  /** The sender (MAIL_FROM); required with a transport. A bare address is sent under the site's name. */
  from?: string;
  /** For the links minted at send time; the process's own by default. */
  context?: MailContext;
  log?: (line: string) => void;
}

interface DeliveryReport {
  claimed: number;
  sent: number;
  /** Claimed, then given back untried by a stop. */
  released: number;
  retried: number;
  failed: number;
  kept: number;
}

const DEFAULT_DELIVERY = {
  batch: 50,
  leaseSeconds: 120,
  concurrency: 5,
  maxAttempts: 8,
  backoffSeconds: 60,
  maxBackoffSeconds: 6 * 3600,
} as const;

interface SendFailure {
  temporary: boolean;
  reason: string;
}

/** SMTP 5xx is permanent; 4xx, dropped connections, timeouts and refused logins are worth another try. */
export function classifyFailure(error: unknown): SendFailure {
  const e = (error ?? {}) as { responseCode?: unknown; code?: unknown; response?: unknown; message?: unknown };
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  const text = String(e.response ?? e.message ?? error)
    .replace(/\s+/g, ' ')
    .slice(0, 500);
  const reason = code
    ? `${code} ${text.replace(new RegExp(`^${code}\\s*`), '')}`
    : `${String(e.code ?? 'Error')}: ${text}`;
  if (code !== null && code >= 500 && e.code !== 'EAUTH') return { temporary: false, reason };
  return { temporary: true, reason };
}

export function retryDelaySeconds(attempts: number, options: { backoffSeconds: number; maxBackoffSeconds: number }) {
  return Math.min(options.maxBackoffSeconds, options.backoffSeconds * 2 ** Math.max(0, attempts - 1));
}

/** MAIL_FROM with a display name stays as the operator wrote it; a bare address gets the site's name. */
export function senderOf(mailFrom: string, siteName: string): string | Sender {
  if (mailFrom.includes('<')) return mailFrom;
  return { name: siteName.replace(/[\r\n]+/g, ' ').trim(), address: mailFrom.trim() };
}

async function deliverOne(
  db: Db,
  transport: MailTransport,
  row: OutboxRow,
  now: Date,
  o: Sending,
  report: DeliveryReport,
): Promise<void> {
  const parts = await withLiveLink(db, row, o.context, now);
  if (!parts) {
    if (await markFailed(db, row, 'not sent: its link was ended before it went out')) report.failed++;
    return;
  }
  try {
    await transport.send({ from: o.from, to: row.recipient, subject: row.subject, ...parts });
  } catch (error) {
    const failure = classifyFailure(error);
    if (!failure.temporary || row.attempts >= o.maxAttempts) {
      await markFailed(db, row, failure.reason);
      report.failed++;
      o.log(`[mail] gave up on #${row.id} to ${row.recipient} after ${row.attempts} tries: ${failure.reason}`);
    } else {
      const at = new Date(now.getTime() + retryDelaySeconds(row.attempts, o) * 1000);
      await markRetry(db, row, at, failure.reason);
      report.retried++;
    }
    return;
  }
  // Marked at once: a stop or a crash after this point can no longer send it again.
  if (await markSent(db, row, now)) report.sent++;
}

type Options = Required<Omit<DeliveryOptions, 'signal'>> & { signal: AbortSignal | undefined };
/** The options once the sender is known: a bare MAIL_FROM carries the site's name (senderOf). */
type Sending = Omit<Options, 'from'> & { from: string | Sender };

/**
 * Sends the claimed rows, `concurrency` at a time, renewing the claims on the rows
 * not yet finished every third of the lease; on abort the rows not started are released.
 */
async function sendBatch(
  db: Db,
  transport: MailTransport,
  rows: OutboxRow[],
  now: Date,
  o: Sending,
  report: DeliveryReport,
) {
  const unfinished = new Set(rows);
  let renewing: Promise<unknown> = Promise.resolve();
  const heartbeat = setInterval(
    () => {
      renewing = renewClaims(db, [...unfinished], new Date(o.clock().getTime() + o.leaseSeconds * 1000)).catch(
        (error: unknown) => o.log(`[mail] could not renew the claims of ${unfinished.size} mails: ${String(error)}`),
      );
    },
    (o.leaseSeconds * 1000) / 3,
  );
  const queue = [...rows];
  const untried: OutboxRow[] = [];
  const lane = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      if (o.signal?.aborted) untried.push(row);
      else await deliverOne(db, transport, row, now, o, report);
      unfinished.delete(row);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, rows.length)) }, lane));
  } finally {
    clearInterval(heartbeat);
    await renewing;
  }
  report.released += await releaseClaims(db, untried);
}

/**
 * Claims one batch of due mail and delivers it. With no transport (no SMTP_URL)
 * each message is kept for /admin/mail and one line is logged for it.
 */
export async function deliverDueMail(
  db: Db,
  transport: MailTransport | null,
  now: Date,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  // The server passes its logger (src/server/jobs.ts); lib code never writes to the console itself.
  const started = Date.now();
  const o: Options = {
    ...DEFAULT_DELIVERY,
    from: '',
    log: (_line: string) => {},
    clock: () => new Date(now.getTime() + (Date.now() - started)),
    ...options,
    signal: options.signal,
    context: options.context ?? processMailContext(),
  };
  const report: DeliveryReport = { claimed: 0, sent: 0, released: 0, retried: 0, failed: 0, kept: 0 };
  if (o.signal?.aborted) return report;
  const rows = await claimDueMail(db, now, o.batch, o.leaseSeconds);
  report.claimed = rows.length;
  if (!transport) {
    for (const row of rows) {
      if (await markKept(db, row)) report.kept++;
      o.log(
        `[mail] not sent (no SMTP_URL configured), kept at /admin/mail: #${row.id} "${row.subject}" to ${row.recipient}`,
      );
    }
    return report;
  }
  if (!o.from) throw new Error('deliverDueMail needs options.from to send');
  const sender = { ...o, from: senderOf(o.from, await readSiteName(db)) };
  await sendBatch(db, transport, rows, now, sender, report);
  return report;
}

/** Delivers until nothing is due (or `maxBatches`), for a job tick that should drain a burst. */
export async function drainDueMail(
  db: Db,
  transport: MailTransport | null,
  now: () => Date,
  options: DeliveryOptions & { maxBatches?: number } = {},
): Promise<DeliveryReport> {
  const total: DeliveryReport = { claimed: 0, sent: 0, released: 0, retried: 0, failed: 0, kept: 0 };
  const batch = options.batch ?? DEFAULT_DELIVERY.batch;
  for (let i = 0; i < (options.maxBatches ?? 1000); i++) {
    const report = await deliverDueMail(db, transport, now(), options);
    for (const key of Object.keys(total) as (keyof DeliveryReport)[]) total[key] += report[key];
    if (report.claimed < batch || options.signal?.aborted) break;
  }
  return total;
}
