// npm run create-author -- --email E --name N   (password on standard input)
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { migrateToLatest } from '../db/migrator.ts';
import { signUpInput } from '../src/lib/auth/input.ts';
import { createAccount, markEmailVerified } from '../src/lib/auth/users.ts';
import { createDb } from '../src/lib/db.ts';
import { adoptUnownedPosts } from '../src/lib/posts/service.ts';
import { DomainError } from '../src/lib/errors.ts';
import { configOrExit, exitOnKnownError } from './cli.ts';

const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' } },
});

async function readPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

if (!values.email || !values.name) {
  console.error('Usage: npm run create-author -- --email you@example.com --name "Your Name"  (password on stdin)');
  process.exit(64);
}
const parsed = signUpInput.safeParse({ email: values.email, name: values.name, password: await readPassword() });
if (!parsed.success) {
  console.error(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('\n'));
  process.exit(65);
}

const config = configOrExit();
let db;
try {
  db = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(db);
  const author = await createAccount(db, parsed.data, 'author');
  // Typed on the server's own shell by its operator: the address needs no emailed link.
  await markEmailVerified(db, author.id, new Date());
  const adopted = await adoptUnownedPosts(db, author.id);
  if (adopted > 0) console.log(`${adopted} posts without an author are now signed by ${author.name}.`);
  console.log(`Created author ${author.name} <${author.email}>. Log in at ${config.siteUrl}/login`);
} catch (error) {
  if (error instanceof DomainError) {
    console.error(Object.values(error.fields)[0] ?? error.message);
    process.exitCode = 65;
  } else {
    exitOnKnownError(error);
  }
} finally {
  await db?.destroy();
}
