// `npm run import` and `npm run export` explain themselves: --help prints the
// usage, a wrong command line one line and exit code 2, never a stack trace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function run(script: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [script, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    // No database is opened before the command line is understood.
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: '/nonexistent/wishcast-cli-usage', ...env },
  });
}

describe.each(['scripts/import.ts', 'scripts/export.ts'])('%s', (script) => {
  it('prints its usage on --help and -h', () => {
    for (const flag of script.includes('import') ? ['--help', '-h'] : ['--help']) {
      const result = run(script, [flag]);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Usage: npm run (import|export) -- /);
      // The complete archive that moves a site to another Wishcast (issue 30).
      expect(result.stdout).toMatch(/^ +(npm run export -- )?wishcast /m);
      expect(result.stderr).toBe('');
    }
  });

  it('answers an unknown option, or nothing at all, with one line and exit code 2', () => {
    for (const args of [['--bogus'], []]) {
      const result = run(script, args);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain('--help');
      expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });
});

describe('import arguments', () => {
  it('names an unknown format, a missing file and a missing option value', () => {
    expect(run('scripts/import.ts', ['joomla', 'x.xml']).stderr).toContain('Unknown format “joomla”');
    expect(run('scripts/import.ts', ['wordpress']).stderr).toContain('Which wordpress file?');
    const noZone = run('scripts/import.ts', ['wordpress', 'x.xml', '--timezone']);
    expect(noZone.status).toBe(2);
    expect(noZone.stderr).toContain("'--timezone <value>' argument missing");
    expect(run('scripts/import.ts', ['wishcast']).stderr).toContain('Which archive?');
  });
});

describe('export arguments', () => {
  it('names an unknown format', () => {
    const result = run('scripts/export.ts', ['out.zip', '--format', 'zip']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Unknown format “zip”');
    const noArchive = run('scripts/export.ts', ['wishcast']);
    expect(noArchive.status).toBe(2);
    expect(noArchive.stderr).toContain('Give the archive file to write');
  });
});

describe('archive mistakes', () => {
  it('are one line each, with the exit code the archive code gives them', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wishcast-cli-archive-'));
    const existing = join(dataDir, 'taken.wishcast');
    writeFileSync(existing, 'not an archive');
    const withData = (script: string, args: string[]) => run(script, args, { DATA_DIR: join(dataDir, 'data') });
    try {
      const cases = [
        { result: withData('scripts/import.ts', ['wishcast', join(dataDir, 'missing.wishcast')]), status: 66 },
        { result: withData('scripts/import.ts', ['wishcast', existing]), status: 65 },
        { result: withData('scripts/export.ts', ['wishcast', existing]), status: 73 },
      ];
      for (const { result, status } of cases) {
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
        expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
        expect(result.status).toBe(status);
      }
      expect(cases[0]!.result.stderr).toContain('no such file');
      expect(cases[1]!.result.stderr).toContain('is not a Wishcast archive');
      expect(cases[2]!.result.stderr).toContain('exists already');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
