// A time budget for one image job: libvips gets what is left as its own
// timeout, and the caller gets an answer by the end whatever still runs.
import { refuseTooSlow } from './refusal.ts';

export class Deadline {
  readonly seconds: number;
  readonly #endsAt: number;
  constructor(seconds: number) {
    this.seconds = seconds;
    this.#endsAt = performance.now() + seconds * 1000;
  }
  /** Whole seconds left for libvips (its timeout counts seconds), refusing when none are. */
  secondsLeft(): number {
    const left = (this.#endsAt - performance.now()) / 1000;
    if (left <= 0) throw refuseTooSlow();
    return Math.max(1, Math.ceil(left));
  }
}

/**
 * libvips stops a pipeline at its timeout only while it reports progress;
 * encoders that do not (AVIF) are bounded by the variants' size. This answers
 * at the deadline (plus a second of grace) whatever is still running.
 */
export async function answerByDeadline<T>(work: Promise<T>, deadline: Deadline): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(refuseTooSlow()), (deadline.seconds + 1) * 1000);
  });
  work.catch(() => {}); // a late failure has nobody left to hear it
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
