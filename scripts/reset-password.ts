// npm run reset-password -- --email E   (new password on standard input)
// For an author (or anyone) locked out where mail does not work. Every session
// of the account ends.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { migrateToLatest } from '../db/migrator.ts';
import { passwordField } from '../src/lib/auth/input.ts';
import { setPasswordByEmail } from '../src/lib/auth/users.ts';
import { createDb } from '../src/lib/db.ts';
import { emailField } from '../src/lib/validation.ts';
import { configOrExit, exitOnKnownError } from './cli.ts';

const { values } = parseArgs({ options: { email: { type: 'string' } } });

async function readPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  if (process.stdin.isTTY) process.stderr.write('New password: ');
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

if (!values.email) {
  console.error('Usage: npm run reset-password -- --email you@example.com  (new password on stdin)');
  process.exit(64);
}
const email = emailField.safeParse(values.email);
const password = passwordField.safeParse(await readPassword());
if (!email.success || !password.success) {
  console.error((email.error ?? password.error)!.issues.map((i) => i.message).join('\n'));
  process.exit(65);
}

const config = configOrExit();
let db;
try {
  db = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(db);
  const account = await setPasswordByEmail(db, email.data, password.data, new Date(Date.now() + config.clockOffsetMs));
  if (!account) {
    console.error(`No account has the email ${email.data}.`);
    process.exitCode = 65;
  } else {
    console.log(
      `New password set for ${account.name} <${account.email}>; their sessions have ended. Log in at ${config.siteUrl}/login`,
    );
  }
} catch (error) {
  exitOnKnownError(error);
} finally {
  await db?.destroy();
}
