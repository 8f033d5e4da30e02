// npm run reset-2fa -- --email E
// For a person who lost both their authenticator and their recovery codes, or
// their passkeys: turns two-step sign-in off for the account, removes its
// passkeys and ends its sessions; the audit trail records it. Only on the
// server: there is no way to do this on the site.
import { parseArgs } from 'node:util';
import { migrateToLatest } from '../db/migrator.ts';
import { resetTwoStepByEmail } from '../src/lib/auth/two-step/service.ts';
import { createDb } from '../src/lib/db.ts';
import { emailField } from '../src/lib/validation.ts';
import { configOrExit, exitOnKnownError } from './cli.ts';

const { values } = parseArgs({ options: { email: { type: 'string' } } });
if (!values.email) {
  console.error(
    'Usage: npm run reset-2fa -- --email you@example.com\n' +
      'Turns two-step sign-in off for the account, removes its passkeys and ends its sessions.',
  );
  process.exit(64);
}
const email = emailField.safeParse(values.email);
if (!email.success) {
  console.error(email.error.issues.map((i) => i.message).join('\n'));
  process.exit(65);
}

const config = configOrExit();
let db;
try {
  db = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(db);
  const result = await resetTwoStepByEmail(db, email.data, new Date(Date.now() + config.clockOffsetMs));
  if (!result) {
    console.error(`No account has the email ${email.data}.`);
    process.exitCode = 65;
  } else {
    const who = `${result.account.name} <${result.account.email}>`;
    const keys = `${result.passkeysRemoved} passkey${result.passkeysRemoved === 1 ? '' : 's'}`;
    if (!result.wasOn && result.passkeysRemoved === 0) {
      console.log(`Two-step sign-in was not on for ${who} and they had no passkey; nothing to turn off.`);
    } else {
      console.log(
        `Two-step sign-in is off for ${who} and ${keys} removed; their sessions have ended. They can log in with their password at ${config.siteUrl}/login and turn it on or add a passkey again.`,
      );
    }
  }
} catch (error) {
  exitOnKnownError(error);
} finally {
  await db?.destroy();
}
