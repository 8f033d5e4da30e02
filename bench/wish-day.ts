// A busy wish day: 16 readers on one page while one signed-in writer posts, as
// fast as it can, a wish, an offer on it, a comment on the 200-comment post and
// then deletes that comment (so the post keeps its size from run to run) —
// through the same forms and the same server as people would.
import { BROWSER, load, median, type Load } from './measure.ts';
import { postForm } from './support.ts';

export interface WriterTarget {
  base: string;
  cookie: string;
  boardDate: string;
  post: { id: number; slug: string };
}

export interface WriterResult {
  writes: number;
  failed: number;
  seconds: number;
}

const idFrom = (res: Response, prefix: string) =>
  Number(new RegExp(`${prefix}-(\\d+)`).exec(res.headers.get('location') ?? '')?.[1]);

/** Starts the writer; `stop()` ends it after its current write and says how many it made. */
export function startWriter(target: WriterTarget): { stop: () => Promise<WriterResult> } {
  const { base, cookie, boardDate, post } = target;
  let running = true;
  let writes = 0;
  let failed = 0;
  const started = performance.now();
  const write = async (path: string, fields: Record<string, string>, prefix: string | null) => {
    const res = await postForm(base, path, fields, cookie);
    await res.arrayBuffer();
    if (res.status === 303) writes++;
    else failed++;
    return prefix && res.status === 303 ? idFrom(res, prefix) : null;
  };
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const wish = await write(
        '/wishes?_action=wishes.post',
        { board_date: boardDate, body: `A wish from the writer, number ${i}.` },
        'wish',
      );
      if (!running) break;
      if (wish) {
        const offer = {
          wish_id: String(wish),
          board_date: boardDate,
          kind: 'encouragement',
          body: `Go for it (${i})!`,
        };
        await write('/wishes?_action=wishes.offer', offer, null);
      }
      if (!running) break;
      const comment = await write(
        `/posts/${post.slug}?_action=comments.create`,
        { post_id: String(post.id), body: `A comment from the writer, number ${i}.` },
        'comment',
      );
      if (comment) await write(`/comments/${comment}/delete?_action=comments.remove`, { id: String(comment) }, null);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { writes, failed, seconds: (performance.now() - started) / 1000 };
    },
  };
}

export interface MixFigure {
  page: string;
  without: Load;
  with: Load;
  writesPerSecond: number;
  failedWrites: number;
  /** Throughput with the writer as a share of without (median of the rounds). */
  ratio: number;
  rounds: { without: number; with: number; writesPerSecond: number }[];
}

/** Readers on `path` without, then with the writer, `rounds` times: medians of each. */
export async function measureMix(path: string, target: WriterTarget, rounds = 3): Promise<MixFigure> {
  const url = target.base + path;
  const withouts: Load[] = [];
  const withs: Load[] = [];
  const writers: WriterResult[] = [];
  await load(url, BROWSER); // warm-up only
  for (let i = 0; i < rounds; i++) {
    withouts.push(await load(url, BROWSER, false));
    const writer = startWriter(target);
    withs.push(await load(url, BROWSER, false));
    writers.push(await writer.stop());
  }
  const pick = (loads: Load[]) =>
    loads.find((l) => l.requestsPerSecond === median(loads.map((x) => x.requestsPerSecond)))!;
  const perRound = withouts.map((w, i) => ({
    without: w.requestsPerSecond,
    with: withs[i]!.requestsPerSecond,
    writesPerSecond: +(writers[i]!.writes / writers[i]!.seconds).toFixed(1),
  }));
  return {
    page: path,
    without: pick(withouts),
    with: pick(withs),
    writesPerSecond: median(perRound.map((r) => r.writesPerSecond)),
    failedWrites: writers.reduce((n, w) => n + w.failed, 0),
    ratio: +median(perRound.map((r) => r.with / r.without)).toFixed(3),
    rounds: perRound,
  };
}
