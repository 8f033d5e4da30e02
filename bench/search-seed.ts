// Seeds the search benchmark: 5,000 posts and 20,000 wishes of generated,
// deterministic text, inserted in batches (the service layer would take minutes
// here, and search only reads). Words follow a skewed distribution, as in real
// writing: a few words are everywhere, most are rare.
import type { Db } from '../src/lib/db.ts';
import { markdownToText, renderMarkdown, truncateText } from '../src/lib/markdown/markdown.ts';

const COMMON = `wish help friend mentor client garden work learn find meet week community support offer introduction
referral skill resource encourage project team start business write book music teach school family home city
neighbour coffee market bicycle walk morning evening spring summer autumn winter plan idea question answer
story share thank kind gift time money job course class practice design photo paint draw cook bake recipe bread
travel train trip map language speak listen read library letter email call phone website shop craft wood
repair fix build tool computer code software data paper garden tree flower seed plant water river lake sea
mountain hill forest park run swim climb yoga health doctor rest sleep dream goal habit list note journal`
  .split(/\s+/)
  .filter(Boolean);
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ra',
  'tse',
  'vin',
  'dor',
  'pe',
  'su',
  'nal',
  'gri',
  'bo',
  'fen',
  'ul',
  'zar',
  'ti',
];
const NAMES = ['Ada', 'Ben', 'Chloé', 'Dev', 'Eun-ji', 'Farid', 'Greta', 'Hana', 'Ivo', 'Jun', 'Kofi', 'Lena'];

/** A small, seeded PRNG (mulberry32), so every run writes the same text. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Common words, then 4,096 rare made-up ones (three syllables each). */
export const VOCABULARY: string[] = [
  ...COMMON,
  ...Array.from({ length: 4096 }, (_, i) => [0, 1, 2].map((j) => SYLLABLES[(i >> (4 * j)) & 15]).join('')),
];

export function wordPicker(rand: () => number): () => string {
  // Skewed towards the start of the list: common words often, rare ones seldom.
  return () => VOCABULARY[Math.floor(VOCABULARY.length * rand() ** 2.2)]!;
}

function sentence(word: () => string, rand: () => number, min: number, max: number): string {
  const n = min + Math.floor(rand() * (max - min));
  const words = Array.from({ length: n }, word);
  if (rand() < 0.15) words[1] = `**${words[1]}**`;
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

export interface SearchSeed {
  posts: number;
  wishes: number;
}

/** The benchmark's posts, in order; `rand` goes on to write the wishes, so the same seed gives the same site. */
export function benchPosts(rand: () => number, now: Date, count: number) {
  const word = wordPicker(rand);
  const day = 86_400_000;
  return Array.from({ length: count }, (_, i) => {
    const paragraphs = Array.from({ length: 3 + Math.floor(rand() * 4) }, () =>
      Array.from({ length: 3 + Math.floor(rand() * 3) }, () => sentence(word, rand, 8, 18)).join(' '),
    );
    const bodyMd = paragraphs.join('\n\n');
    // Most published in the past; a few drafts and some scheduled for later, which search must skip.
    const kind = i % 50 === 0 ? 'draft' : i % 50 === 1 ? 'scheduled' : 'published';
    return {
      slug: `bench-post-${i}`,
      title: sentence(word, rand, 3, 8).slice(0, -1),
      body_md: bodyMd,
      body_html: renderMarkdown(bodyMd, 'post'),
      excerpt: truncateText(markdownToText(bodyMd), 220),
      status: kind,
      published_at: kind === 'draft' ? null : new Date(now.getTime() + (kind === 'scheduled' ? 30 : -i / 3) * day),
    } as const;
  });
}

export async function seedSearchBenchmark(db: Db, now: Date, counts = { posts: 5000, wishes: 20000 }) {
  const rand = random(15);
  const postRows = benchPosts(rand, now, counts.posts);
  for (let start = 0; start < postRows.length; start += 500) {
    await db
      .insertInto('posts')
      .values(postRows.slice(start, start + 500))
      .execute();
  }
  const word = wordPicker(rand);
  const day = 86_400_000;

  const boards = Math.ceil(counts.wishes / 200);
  for (let b = 0; b < boards; b++) {
    const opened = new Date(now.getTime() - (b * 7 + 1) * day);
    const board = await db
      .insertInto('boards')
      .values({ wish_date: opened.toISOString().slice(0, 10), prompt: 'What do you wish for?', opened_at: opened })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rows = Array.from({ length: Math.min(200, counts.wishes - b * 200) }, (_, k) => {
      const bodyMd = `I wish ${sentence(word, rand, 6, 30).toLowerCase()}`;
      const pick = (b * 200 + k) % 100;
      const status = pick < 90 ? 'approved' : pick < 95 ? 'pending' : pick < 98 ? 'spam' : 'deleted';
      return {
        board_id: board.id,
        author_name: NAMES[(b + k) % NAMES.length]!,
        body_md: bodyMd,
        body_html: renderMarkdown(bodyMd, 'strict'),
        status,
        created_at: new Date(opened.getTime() + k * 60_000),
        updated_at: new Date(opened.getTime() + k * 60_000),
      } as const;
    });
    await db.insertInto('wishes').values(rows).execute();
  }
  const [posts, wishes] = await Promise.all([
    db
      .selectFrom('posts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('wishes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { posts: Number(posts.n), wishes: Number(wishes.n) };
}

/** Searches as people type them: one word (common or rare), two words, a phrase, an exclusion, nothing found. */
export function searchQueries(count: number): string[] {
  const rand = random(27);
  const word = wordPicker(rand);
  const common = () => COMMON[Math.floor(rand() * COMMON.length)]!;
  const forms = [
    () => common(),
    () => word(),
    () => `${common()} ${common()}`,
    () => `"${common()} ${word()}"`,
    () => `${common()} -${common()}`,
    () => `${word()} or ${word()}`,
    () => `zz${Math.floor(rand() * 1e6)}`,
  ];
  return Array.from({ length: count }, (_, i) => forms[i % forms.length]!());
}
