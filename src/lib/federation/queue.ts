// Fedify's message queue (activities to deliver, inbox work) in our database:
// it survives restarts and is shared by every process. A listener claims the
// oldest due message with FOR UPDATE SKIP LOCKED and holds it for a lease; it
// is deleted only once handled, so a process that dies mid-message leaves it
// to another once the lease runs out. Retries are Fedify's own (it enqueues a
// retry with its backoff as a new message), so a handler's failure just ends
// the message. Messages sharing an ordering key are taken one at a time, oldest first.
import type { MessageQueue, MessageQueueEnqueueOptions, MessageQueueListenOptions } from '@fedify/fedify';
import { sql } from 'kysely';
import type { Db } from '../db.ts';

type Clock = () => Date;

export interface DbMessageQueueOptions {
  /** How often an idle listener looks for due messages (ms). */
  pollMs?: number;
  /** How long a claimed message is held before another listener may take it (ms). */
  leaseMs?: number;
  /** Called with a handler's error (the message is dropped: Fedify has already queued its retry). */
  onError?: (error: unknown) => void;
}

interface Claimed {
  id: number;
  message: unknown;
}

export class DbMessageQueue implements MessageQueue {
  readonly nativeRetrial = false;
  readonly #db: Db;
  readonly #now: Clock;
  readonly #pollMs: number;
  readonly #leaseMs: number;
  readonly #onError: (error: unknown) => void;
  /** Wakes this process's idle listeners at once when it enqueues something due now. */
  readonly #wakers = new Set<() => void>();

  constructor(db: Db, now: Clock, options: DbMessageQueueOptions = {}) {
    this.#db = db;
    this.#now = now;
    this.#pollMs = options.pollMs ?? 1000;
    this.#leaseMs = options.leaseMs ?? 5 * 60_000;
    this.#onError = options.onError ?? (() => {});
  }

  async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    await this.enqueueMany([message], options);
  }

  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    if (messages.length === 0) return;
    const delayMs = options?.delay ? Math.max(0, options.delay.total({ unit: 'millisecond' })) : 0;
    const runAt = new Date(this.#now().getTime() + delayMs);
    await this.#db
      .insertInto('fediverse_queue')
      .values(
        messages.map((message) => ({
          message: JSON.stringify(message),
          ordering_key: options?.orderingKey ?? null,
          run_at: runAt,
        })),
      )
      .execute();
    if (delayMs === 0) for (const wake of this.#wakers) wake();
  }

  async getDepth(): Promise<{ queued: number; ready: number; delayed: number }> {
    const row = await this.#db
      .selectFrom('fediverse_queue')
      .select([
        (eb) => eb.fn.countAll<number>().as('queued'),
        sql<number>`count(*) filter (where run_at <= ${this.#now()})`.as('ready'),
      ])
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', this.#now())]))
      .executeTakeFirstOrThrow();
    const queued = Number(row.queued);
    const ready = Number(row.ready);
    return { queued, ready, delayed: queued - ready };
  }

  /**
   * Claims the oldest due message no other listener holds. A message with an
   * ordering key waits while an older one with the same key exists (held or not).
   */
  async claim(): Promise<Claimed | null> {
    const now = this.#now();
    const until = new Date(now.getTime() + this.#leaseMs);
    const result = await sql<Claimed>`
      update fediverse_queue set claimed_until = ${until}
      where id = (
        select q.id from fediverse_queue q
        where q.run_at <= ${now}
          and (q.claimed_until is null or q.claimed_until < ${now})
          and (q.ordering_key is null or not exists (
            select 1 from fediverse_queue earlier
            where earlier.ordering_key = q.ordering_key and earlier.id < q.id))
        order by q.run_at, q.id
        limit 1
        for update skip locked)
      returning id, message`.execute(this.#db);
    const row = result.rows[0];
    return row ? { id: Number(row.id), message: row.message } : null;
  }

  async #finish(id: number): Promise<void> {
    await this.#db.deleteFrom('fediverse_queue').where('id', '=', id).execute();
  }

  async listen(
    handler: (message: unknown) => Promise<void> | void,
    options?: MessageQueueListenOptions,
  ): Promise<void> {
    const signal = options?.signal;
    while (!signal?.aborted) {
      let claimed: Claimed | null = null;
      try {
        claimed = await this.claim();
      } catch (error) {
        // The database may be away for a moment: try again on the next poll.
        this.#onError(error);
      }
      if (claimed) {
        try {
          await handler(claimed.message);
        } catch (error) {
          this.#onError(error);
        }
        await this.#finish(claimed.id).catch(this.#onError);
        continue;
      }
      await this.#idle(signal);
    }
  }

  #idle(signal: AbortSignal | undefined): Promise<void> {
    const { promise, resolve } = Promise.withResolvers<void>();
    const done = () => {
      clearTimeout(timer);
      this.#wakers.delete(done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, this.#pollMs);
    this.#wakers.add(done);
    signal?.addEventListener('abort', done, { once: true });
    return promise;
  }
}
