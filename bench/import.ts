// npm run bench:import: generates a WordPress export of 5,000 posts and 50,000
// threaded comments, imports it with `npm run import` and exports it again
// with `npm run export` (each a child process, as a person would run them),
// and prints wall time and peak memory (the child's max RSS) of each step.
// PostgreSQL when TEST_DATABASE_URL (or DATABASE_URL) is set, else PGlite.
// Writes bench/results/import-<target>.json.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createPostgresDatabaseOn } from './support.ts';

const POSTS = Number(process.env.BENCH_POSTS ?? 5000);
const COMMENTS_PER_POST = Number(process.env.BENCH_COMMENTS_PER_POST ?? 10);

const WORDS =
  'the of and to in is that it for on as with was this be by at from or an are not have but can one all more their has had been were will would there what about when who so if into time other some could them only then these its also two first way like even most many over such after through much where new well between because good while should those still long great same under might each every without place work part small number world people'.split(
    ' ',
  );

let seed = 20261127;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');

function post(id: number, firstCommentId: number): string {
  const date = new Date(Date.UTC(2015, 0, 1) + id * 3_600_000 * 7);
  const sqlDate = date.toISOString().slice(0, 19).replace('T', ' ');
  const slug = `post-number-${id}`;
  const paragraphs = Array.from(
    { length: 8 },
    () => `<!-- wp:paragraph -->\n<p>${words(100)}.</p>\n<!-- /wp:paragraph -->`,
  );
  const comments: string[] = [];
  for (let i = 0; i < COMMENTS_PER_POST; i++) {
    const cid = firstCommentId + i;
    const parent = i > 0 && random() < 0.6 ? firstCommentId + Math.floor(random() * i) : 0;
    const when = new Date(date.getTime() + (i + 1) * 600_000).toISOString().slice(0, 19).replace('T', ' ');
    comments.push(`		<wp:comment>
			<wp:comment_id>${cid}</wp:comment_id>
			<wp:comment_author><![CDATA[Reader ${cid % 997}]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[reader${cid % 997}@example.com]]></wp:comment_author_email>
			<wp:comment_author_url>${random() < 0.3 ? `https://example.com/~r${cid % 997}` : ''}</wp:comment_author_url>
			<wp:comment_author_IP><![CDATA[127.0.0.1]]></wp:comment_author_IP>
			<wp:comment_date><![CDATA[${when}]]></wp:comment_date>
			<wp:comment_date_gmt><![CDATA[${when}]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[${words(30)}.${random() < 0.2 ? `\n\n${words(20)} <a href="https://example.com/">link</a>.` : ''}]]></wp:comment_content>
			<wp:comment_approved><![CDATA[${random() < 0.9 ? '1' : '0'}]]></wp:comment_approved>
			<wp:comment_type><![CDATA[comment]]></wp:comment_type>
			<wp:comment_parent>${parent}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>`);
  }
  return `	<item>
		<title><![CDATA[${words(6)} ${id}]]></title>
		<link>https://old.example.com/${sqlDate.slice(0, 4)}/${sqlDate.slice(5, 7)}/${sqlDate.slice(8, 10)}/${slug}/</link>
		<pubDate>${date.toUTCString()}</pubDate>
		<dc:creator><![CDATA[admin]]></dc:creator>
		<guid isPermaLink="false">https://old.example.com/?p=${id}</guid>
		<description></description>
		<content:encoded><![CDATA[${paragraphs.join('\n\n')}]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>${id}</wp:post_id>
		<wp:post_date><![CDATA[${sqlDate}]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[${sqlDate}]]></wp:post_date_gmt>
		<wp:comment_status><![CDATA[open]]></wp:comment_status>
		<wp:ping_status><![CDATA[open]]></wp:ping_status>
		<wp:post_name><![CDATA[${slug}]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<wp:post_password><![CDATA[]]></wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
		<category domain="post_tag" nicename="topic-${id % 40}"><![CDATA[topic ${id % 40}]]></category>
		<category domain="category" nicename="section-${id % 7}"><![CDATA[Section ${id % 7}]]></category>
${comments.join('\n')}
	</item>
`;
}

async function writeExport(file: string): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Bench blog</title>
	<link>https://old.example.com</link>
	<description>Generated</description>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://old.example.com</wp:base_site_url>
	<wp:base_blog_url>https://old.example.com</wp:base_blog_url>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[admin]]></wp:author_login><wp:author_display_name><![CDATA[Bench Author]]></wp:author_display_name></wp:author>
`);
  for (let id = 1; id <= POSTS; id++) await write(post(id, (id - 1) * COMMENTS_PER_POST + 1));
  await write('</channel>\n</rss>\n');
  out.end();
  await once(out, 'finish');
}

/** The Node flags `npm run import` / `npm run export` use (package.json), so the figures are theirs. */
const SCRIPT_FLAGS = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts
  .import!.split(' ')
  .filter((part) => part.startsWith('--'));

/** Runs an npm script's file in a child Node process; returns wall seconds and its peak RSS. */
async function measure(script: string, args: string[], env: NodeJS.ProcessEnv) {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...SCRIPT_FLAGS,
      '--import',
      'data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("MAXRSS "+u.maxRSS+" CPU "+(u.userCPUTime+u.systemCPUTime)+"\\n")})',
      script,
      ...args,
    ],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const [code] = (await once(child, 'exit')) as [number];
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${script} failed (${code}):\n${out}\n${err}`);
  const [, rss, cpu] = /MAXRSS (\d+) CPU (\d+)/.exec(err) ?? [];
  return {
    seconds: Number(seconds.toFixed(1)),
    // The importer's own CPU time: on a shared, busy machine a fairer figure than wall time.
    cpuSeconds: Number((Number(cpu ?? 0) / 1e6).toFixed(1)),
    peakRssMb: Math.round(Number(rss ?? 0) / 1024),
    output: out.trim(),
  };
}

if (process.argv[2] === 'generate' && process.argv[3]) {
  // Only write the export (for profiling by hand): node bench/import.ts generate FILE
  await writeExport(process.argv[3]);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'wishcast-bench-import-'));
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? null;
const pgDb = serverUrl ? await createPostgresDatabaseOn(serverUrl, 'wishcast_bench_import') : null;
try {
  const file = join(dir, 'export.xml');
  const t0 = performance.now();
  await writeExport(file);
  const sizeMb = statSync(file).size / 1_048_576;
  console.log(
    `Generated ${POSTS.toLocaleString('en')} posts, ${(POSTS * COMMENTS_PER_POST).toLocaleString('en')} comments: ${sizeMb.toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(dir, 'data'), SITE_TIMEZONE: 'UTC' };
  if (pgDb) env.DATABASE_URL = pgDb.url;
  else delete env.DATABASE_URL;
  const target = pgDb ? 'postgres' : 'pglite';
  const first = await measure('scripts/import.ts', ['wordpress', file], env);
  console.log(first.output);
  console.log(`Import (${target}): ${first.seconds} s (${first.cpuSeconds} s CPU), peak RSS ${first.peakRssMb} MB`);
  const again = await measure('scripts/import.ts', ['wordpress', file], env);
  console.log(
    `Import again, nothing to change (${target}): ${again.seconds} s (${again.cpuSeconds} s CPU), peak RSS ${again.peakRssMb} MB`,
  );
  const wxr = await measure('scripts/export.ts', [join(dir, 'out.xml')], env);
  console.log(
    `Export WXR (${target}): ${wxr.seconds} s (${wxr.cpuSeconds} s CPU), peak RSS ${wxr.peakRssMb} MB, ${(statSync(join(dir, 'out.xml')).size / 1_048_576).toFixed(1)} MB`,
  );
  const json = await measure('scripts/export.ts', [join(dir, 'out.json')], env);
  console.log(
    `Export JSON (${target}): ${json.seconds} s (${json.cpuSeconds} s CPU), peak RSS ${json.peakRssMb} MB, ${(statSync(join(dir, 'out.json')).size / 1_048_576).toFixed(1)} MB`,
  );
  const results = {
    date: new Date().toISOString(),
    target,
    posts: POSTS,
    comments: POSTS * COMMENTS_PER_POST,
    fileMb: Number(sizeMb.toFixed(1)),
    loadAverage: loadavg()[0],
    import: { seconds: first.seconds, cpuSeconds: first.cpuSeconds, peakRssMb: first.peakRssMb },
    reimport: { seconds: again.seconds, cpuSeconds: again.cpuSeconds, peakRssMb: again.peakRssMb },
    exportWxr: { seconds: wxr.seconds, cpuSeconds: wxr.cpuSeconds, peakRssMb: wxr.peakRssMb },
    exportJson: { seconds: json.seconds, cpuSeconds: json.cpuSeconds, peakRssMb: json.peakRssMb },
  };
  writeFileSync(`bench/results/import-${target}.json`, `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await pgDb?.drop();
  rmSync(dir, { recursive: true, force: true });
}
