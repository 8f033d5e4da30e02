import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../../src/lib/data-dir-lock.ts';

describe('lockDataDir', () => {
  it('writes our pid and removes the lock on release', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'wishcast.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(join(dir, 'wishcast.lock'))).toBe(false);
  });

  it('refuses while another live process holds the lock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const other = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dir, 'wishcast.lock'), String(other.pid));
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir)).toThrow(/in use by another Wishcast process/);
    } finally {
      other.kill();
    }
  });

  it('takes over a stale lock left by a process that died', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const dead = spawn('true');
    await new Promise((r) => dead.once('exit', r));
    writeFileSync(join(dir, 'wishcast.lock'), String(dead.pid));
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'wishcast.lock'), 'utf8')).toBe(String(process.pid));
    release();
  });
});
