// Fedify's message queue (activities to deliver, inbox work) in our database:
// it survives restarts and is shared by every process. A listener claims the
// oldest due message with FOR UPDATE SKIP LOCKED and holds it for a lease; it
// is deleted only once handled, so a process that dies mid-message leaves it
// to another once the lease runs out. Retries are Fedify's own (it enqueues a
// retry with its backoff as a new message), so a handler's failure just ends
// the message. Messages sharing an ordering key are taken one at a time, oldest first.
import type { MessageQueue, MessageQueueEnqueueOptions, MessageQueueListenOptions } from '@fedify/fedify';
import type { Db } from '../db.ts';
import {
  claimOldestDueMessage,
  countUnclaimedMessages,
  deleteQueuedMessage,
  insertQueuedMessages,
  type QueuedMessage,
} from './queue-repo.ts';

type Clock = () => Date;

interface DbMessageQueueOptions {
  /** How often an idle listener looks for due messages (ms). */
  pollMs?: number;
  /** How long a claimed message is held before another listener may take it (ms). */
  leaseMs?: number;
  /** Called with a handler's error (the message is dropped: Fedify has already queued its retry). */
  onError?: (error: unknown) => void;
}

type Claimed = QueuedMessage;

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
    await insertQueuedMessages(
      this.#db,
      messages.map((message) => ({
        message: JSON.stringify(message),
        orderingKey: options?.orderingKey ?? null,
        runAt,
      })),
    );
    if (delayMs === 0) for (const wake of this.#wakers) wake();
  }

  async getDepth(): Promise<{ queued: number; ready: number; delayed: number }> {
    const { queued, ready } = await countUnclaimedMessages(this.#db, this.#now());
    return { queued, ready, delayed: queued - ready };
  }

  /**
   * Claims the oldest due message no other listener holds. A message with an
   * ordering key waits while an older one with the same key exists (held or not).
   */
  async claim(): Promise<Claimed | null> {
    const now = this.#now();
    const until = new Date(now.getTime() + this.#leaseMs);
    return claimOldestDueMessage(this.#db, now, until);
  }

  async #finish(id: number): Promise<void> {
    await deleteQueuedMessage(this.#db, id);
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
