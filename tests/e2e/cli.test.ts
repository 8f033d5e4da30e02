// The command-line tools as a person would run them.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { confirmTwoStep, startTwoStepSetup } from '../../src/lib/auth/two-step/service.ts';
import { verifyCredentials } from '../../src/lib/auth/users.ts';
import { importContentDir } from '../../src/lib/posts/import.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSite, startServer, type RunningServer, type TestSite } from '../helpers/server.ts';

function run(script: string, args: string[], env: Record<string, string>, input = '') {
  return spawnSync(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('create-author on the embedded database', () => {
  let site: TestSite;
  let server: RunningServer | null = null;

  beforeAll(async () => {
    site = await createTestSite('pglite');
    const db = site.openDb();
    try {
      await importContentDir(db, resolve('content/posts'));
    } finally {
      await db.destroy();
    }
  });
  afterAll(async () => {
    await server?.stop();
    await site?.cleanup();
  });

  it('creates an author with the password read from standard input', () => {
    const result = run(
      'scripts/create-author.ts',
      ['--email', 'Author@Example.test', '--name', 'Ada Author'],
      site.env,
      'a strong password\n',
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Created author Ada Author <author@example.test>');
    expect(result.stdout).toMatch(/\d+ posts without an author are now signed by Ada Author/);
  });

  it('explains a bad password or a taken email', () => {
    const short = run('scripts/create-author.ts', ['--email', 'b@example.test', '--name', 'B'], site.env, 'short\n');
    expect(short.status).not.toBe(0);
    expect(short.stderr).toContain('Password must be at least 8 characters');
    const taken = run(
      'scripts/create-author.ts',
      ['--email', 'author@example.test', '--name', 'C'],
      site.env,
      'another password\n',
    );
    expect(taken.status).not.toBe(0);
    expect(taken.stderr).toContain('already has an account');
  });

  it('resets a password from the shell (npm run reset-password), the new one read from standard input', async () => {
    const result = run('scripts/reset-password.ts', ['--email', 'author@example.test'], site.env, 'a new strong one\n');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('New password set for Ada Author <author@example.test>');
    const db = site.openDb();
    try {
      const ok = await verifyCredentials(
        db,
        { email: 'author@example.test', password: 'a new strong one' },
        { ip: null, now: new Date() },
      );
      expect(ok.name).toBe('Ada Author');
    } finally {
      await db.destroy();
    }
    const unknown = run(
      'scripts/reset-password.ts',
      ['--email', 'nobody@example.test'],
      site.env,
      'a new strong one\n',
    );
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('No account has the email nobody@example.test');
  });

  it('turns two-step sign-in off from the shell (npm run reset-2fa), on the audit trail', async () => {
    const db = site.openDb();
    const now = new Date();
    try {
      const author = (await db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'author@example.test')
        .executeTakeFirst())!;
      await startTwoStepSetup(db, author.id, now);
      const { secret } = (await db.selectFrom('two_step_secrets').select('secret').executeTakeFirst())!;
      const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: now.getTime() });
      await confirmTwoStep(db, author.id, code, { ip: null, now });
    } finally {
      await db.destroy();
    }
    const result = run('scripts/reset-2fa.ts', ['--email', 'author@example.test'], site.env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Two-step sign-in is off for Ada Author <author@example.test>');
    const after = site.openDb();
    try {
      expect(await after.selectFrom('two_step_secrets').selectAll().execute()).toEqual([]);
      const line = await after.selectFrom('audit_log').selectAll().where('action', '=', 'two-step.reset').execute();
      expect(line.map((l) => l.subject)).toEqual(['account author@example.test']);
    } finally {
      await after.destroy();
    }
  }, 120_000);

  it('refuses with a clear message while a running server holds the database', async () => {
    server = await startServer(site);
    const result = run(
      'scripts/create-author.ts',
      ['--email', 'c@example.test', '--name', 'C'],
      site.env,
      'a strong password\n',
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/in use by another Wishcast process \(pid \d+\)/);
    await server.stop();
    server = null;
    const after = run(
      'scripts/create-author.ts',
      ['--email', 'c@example.test', '--name', 'C'],
      site.env,
      'a strong password\n',
    );
    expect(after.status).toBe(0);
  });
});
