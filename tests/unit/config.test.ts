import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, describeConfig, readConfig } from '../../src/lib/config.ts';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('readConfig', () => {
  it('uses the documented defaults', () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      databaseUrl: null,
      dataDir: './data',
      host: 'localhost',
      port: 4321,
      siteUrl: 'http://localhost:4321',
      siteTimezone: 'UTC',
      wishDay: 'wednesday',
      wishWeekday: 3,
      secureCookies: false,
      smtpUrl: null,
      mailFrom: 'wishcast@localhost',
      trustedProxies: 0,
      fediverseHandle: 'blog',
      federationAllowPrivateAddress: false,
      importAllowPrivateAddress: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const config = readConfig({
      DATABASE_URL: 'postgres://app@db.internal:5432/wishcast',
      DATA_DIR: '/var/lib/wishcast',
      HOST: '0.0.0.0',
      PORT: '8080',
      SITE_URL: 'https://wishes.example.org/',
      SITE_TIMEZONE: 'Pacific/Auckland',
      WISH_DAY: 'Friday',
      SMTP_URL: 'smtps://mailer:s3cret@mail.example.org:465',
      MAIL_FROM: 'Our Wishes <hello@wishes.example.org>',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://app@db.internal:5432/wishcast',
      dataDir: '/var/lib/wishcast',
      host: '0.0.0.0',
      port: 8080,
      siteUrl: 'https://wishes.example.org',
      siteTimezone: 'Pacific/Auckland',
      wishDay: 'friday',
      wishWeekday: 5,
      secureCookies: true,
      smtpUrl: 'smtps://mailer:s3cret@mail.example.org:465',
      mailFrom: 'Our Wishes <hello@wishes.example.org>',
    });
  });

  it('lifts the fediverse guard against private addresses only for a loopback http site, and reads the handle', () => {
    const local = readConfig({ FEDERATION_ALLOW_PRIVATE_ADDRESS: '1', SITE_URL: 'http://127.0.0.1:4321' });
    expect(local.federationAllowPrivateAddress).toBe(true);
    expect(readConfig({ FEDERATION_ALLOW_PRIVATE_ADDRESS: '1' }).federationAllowPrivateAddress).toBe(true);
    expect(readConfig({ IMPORT_ALLOW_PRIVATE_ADDRESS: '1' }).importAllowPrivateAddress).toBe(true);
    expect(readConfig({ FEDIVERSE_HANDLE: 'wishcast_blog' }).fediverseHandle).toBe('wishcast_blog');
  });

  it('sends from the site host by default (under the site name, added at send time) and accepts a bare address', () => {
    expect(readConfig({ SITE_URL: 'https://wishes.example.org' }).mailFrom).toBe('wishcast@wishes.example.org');
    expect(readConfig({ MAIL_FROM: 'me@example.org' }).mailFrom).toBe('me@example.org');
    expect(readConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' }).smtpUrl).toBe('smtp://127.0.0.1:2525');
  });

  it.each([
    [{ WISH_DAY: 'caturday' }, 'WISH_DAY', /monday, tuesday, wednesday/],
    [{ SITE_TIMEZONE: 'Mars/Olympus' }, 'SITE_TIMEZONE', /IANA time zone/],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL', /postgres:\/\//],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL', /postgres:\/\//],
    [{ DATABASE_URL: 'postgres://localhost' }, 'DATABASE_URL', /database/],
    [{ PORT: 'eighty' }, 'PORT', /1 to 65535/],
    [{ PORT: '70000' }, 'PORT', /1 to 65535/],
    [{ SITE_URL: 'ftp://example.org' }, 'SITE_URL', /http/],
    [{ FEDIVERSE_HANDLE: 'the blog' }, 'FEDIVERSE_HANDLE', /letters, digits or underscores/],
    [
      { FEDERATION_ALLOW_PRIVATE_ADDRESS: '1', SITE_URL: 'https://wishes.example.org' },
      'FEDERATION_ALLOW_PRIVATE_ADDRESS',
      /loopback only/,
    ],
    [
      { FEDERATION_ALLOW_PRIVATE_ADDRESS: '1', SITE_URL: 'http://wishes.example.org' },
      'FEDERATION_ALLOW_PRIVATE_ADDRESS',
      /loopback only/,
    ],
    [{ FEDERATION_ALLOW_PRIVATE_ADDRESS: 'yes' }, 'FEDERATION_ALLOW_PRIVATE_ADDRESS', /1 or 0/],
    [
      { IMPORT_ALLOW_PRIVATE_ADDRESS: '1', SITE_URL: 'https://wishes.example.org' },
      'IMPORT_ALLOW_PRIVATE_ADDRESS',
      /loopback only/,
    ],
    [{ PAGE_CACHE_MB: 'lots' }, 'PAGE_CACHE_MB', /positive number/],
    [{ MAIL_KEEP_DAYS: '0' }, 'MAIL_KEEP_DAYS', /positive number/],
    [{ MANAGE_LINK_DAYS: 'forever' }, 'MANAGE_LINK_DAYS', /positive number/],
    [{ SMTP_URL: 'mail.example.org' }, 'SMTP_URL', /smtps:\/\//],
    [{ SMTP_URL: 'https://mail.example.org' }, 'SMTP_URL', /smtp:\/\/ or smtps:\/\//],
    [{ MAIL_FROM: 'Wishcast' }, 'MAIL_FROM', /Wishcast <wishcast@example.org>/],
    [{ MAIL_FROM: 'a@b.org\nBcc: x@y.org' }, 'MAIL_FROM', /address like/],
    [{ TRUSTED_PROXIES: 'my-proxy' }, 'TRUSTED_PROXIES', /hops or a comma list/],
    [{ TRUSTED_PROXIES: '10.0.0.0/40' }, 'TRUSTED_PROXIES', /addresses\/CIDRs/],
    [{ TRUSTED_PROXIES: '-1' }, 'TRUSTED_PROXIES', /number of proxy hops/],
  ])('refuses %j naming %s and what is allowed', (env, variable, allowed) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.message).toMatch(allowed);
    expect(error.message).not.toContain('\n');
  });

  it('reads TRUSTED_PROXIES as a hop count or a list of addresses and ranges', () => {
    expect(readConfig({ TRUSTED_PROXIES: '2' }).trustedProxies).toBe(2);
    expect(readConfig({ TRUSTED_PROXIES: ' 10.0.0.1, 192.168.0.0/16 ,loopback,::1 ' }).trustedProxies).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      'loopback',
      '::1',
    ]);
    expect(readConfig({ TRUSTED_PROXIES: '' }).trustedProxies).toBe(0);
  });
});

describe('PAGE_CACHE_MB', () => {
  it('caps the page cache in megabytes, 64 by default', () => {
    expect(readConfig({}).pageCacheBytes).toBe(64 * 1024 * 1024);
    expect(readConfig({ PAGE_CACHE_MB: '8.5' }).pageCacheBytes).toBe(8.5 * 1024 * 1024);
  });

  it('takes 0 to turn the page cache off, and nothing below it', () => {
    expect(readConfig({ PAGE_CACHE_MB: '0' }).pageCacheBytes).toBe(0);
    expect(() => readConfig({ PAGE_CACHE_MB: '-1' })).toThrow(/PAGE_CACHE_MB/);
  });
});

describe('MAIL_KEEP_DAYS and MANAGE_LINK_DAYS', () => {
  it('keep finished mail 30 days and manage links 90 days by default', () => {
    expect(readConfig({})).toMatchObject({ mailRetentionDays: 30, manageLinkDays: 90 });
    expect(readConfig({ MAIL_KEEP_DAYS: '7', MANAGE_LINK_DAYS: '30' })).toMatchObject({
      mailRetentionDays: 7,
      manageLinkDays: 30,
    });
  });
});

describe('describeConfig', () => {
  it('masks passwords in URLs and keeps everything else', () => {
    const config = readConfig({ DATABASE_URL: 'postgres://wish:s3cret@db.example:5432/wishcast', LOG_LEVEL: 'warn' });
    const described = describeConfig(config);
    expect(described.databaseUrl).toBe('postgres://wish:***@db.example:5432/wishcast');
    expect(JSON.stringify(described)).not.toContain('s3cret');
    expect(described.logLevel).toBe('warn');
  });

  it('refuses an unknown LOG_LEVEL with one line naming it', () => {
    expect(() => readConfig({ LOG_LEVEL: 'loud' })).toThrow(/^LOG_LEVEL: must be one of/);
  });

  it('moves the clock only when CLOCK_OFFSET_SECONDS asks, in whole seconds', () => {
    expect(readConfig({}).clockOffsetMs).toBe(0);
    expect(readConfig({ CLOCK_OFFSET_SECONDS: '1209600' }).clockOffsetMs).toBe(1_209_600_000);
    expect(readConfig({ CLOCK_OFFSET_SECONDS: '-60' }).clockOffsetMs).toBe(-60_000);
    expect(errorOf({ CLOCK_OFFSET_SECONDS: '2 weeks' }).variable).toBe('CLOCK_OFFSET_SECONDS');
    expect(errorOf({ CLOCK_OFFSET_SECONDS: '1.5' }).message).toMatch(/whole number of seconds/);
  });

  it('reads the metrics token from METRICS_TOKEN or METRICS_TOKEN_FILE, and never logs it', () => {
    expect(readConfig({}).metricsToken).toBeNull();
    const token = 'a-long-enough-metrics-token';
    expect(readConfig({ METRICS_TOKEN: token }).metricsToken).toBe(token);
    const dir = mkdtempSync(join(tmpdir(), 'wishcast-config-'));
    writeFileSync(join(dir, 'token'), `${token}\n`);
    expect(readConfig({ METRICS_TOKEN_FILE: join(dir, 'token') }).metricsToken).toBe(token);
    expect(errorOf({ METRICS_TOKEN_FILE: join(dir, 'missing') }).variable).toBe('METRICS_TOKEN_FILE');
    expect(errorOf({ METRICS_TOKEN: 'short' }).message).toMatch(/at least 16 characters/);
    expect(errorOf({ METRICS_TOKEN: token, METRICS_TOKEN_FILE: join(dir, 'token') }).message).toMatch(/not both/);
    expect(JSON.stringify(describeConfig(readConfig({ METRICS_TOKEN: token })))).not.toContain(token);
  });
});

describe('running for real', () => {
  const s3 = {
    MEDIA_STORE: 's3',
    S3_ENDPOINT: 'http://minio:9000/',
    S3_BUCKET: 'wishcast-media',
    S3_ACCESS_KEY_ID: 'key-id',
    S3_SECRET_ACCESS_KEY: 'very-secret',
  };

  it('holds 10 PostgreSQL connections per process unless DATABASE_POOL_MAX says otherwise', () => {
    expect(readConfig({}).databasePoolMax).toBe(10);
    expect(readConfig({ DATABASE_POOL_MAX: '4' }).databasePoolMax).toBe(4);
    expect(errorOf({ DATABASE_POOL_MAX: '0' }).variable).toBe('DATABASE_POOL_MAX');
    expect(errorOf({ DATABASE_POOL_MAX: 'many' }).message).toMatch(/whole number from 1/);
  });

  it('migrates on start unless MIGRATE_ON_START=false', () => {
    expect(readConfig({}).migrateOnStart).toBe(true);
    expect(readConfig({ MIGRATE_ON_START: 'false' }).migrateOnStart).toBe(false);
    expect(readConfig({ MIGRATE_ON_START: '0' }).migrateOnStart).toBe(false);
    expect(errorOf({ MIGRATE_ON_START: 'later' }).variable).toBe('MIGRATE_ON_START');
  });

  it('keeps media on the filesystem unless MEDIA_STORE=s3, which needs its bucket and keys', () => {
    expect(readConfig({}).mediaStore).toEqual({ kind: 'files' });
    expect(readConfig(s3).mediaStore).toEqual({
      kind: 's3',
      endpoint: 'http://minio:9000',
      bucket: 'wishcast-media',
      region: 'us-east-1',
      accessKeyId: 'key-id',
      secretAccessKey: 'very-secret',
      forcePathStyle: false,
    });
    expect(readConfig({ ...s3, S3_FORCE_PATH_STYLE: 'true', S3_REGION: 'eu-central-1' }).mediaStore).toMatchObject({
      forcePathStyle: true,
      region: 'eu-central-1',
    });
    expect(errorOf({ MEDIA_STORE: 'cloud' }).variable).toBe('MEDIA_STORE');
    expect(errorOf({ ...s3, S3_BUCKET: '' }).message).toBe('S3_BUCKET: is required with MEDIA_STORE=s3');
    expect(errorOf({ ...s3, S3_BUCKET: 'My_Bucket' }).variable).toBe('S3_BUCKET');
    expect(errorOf({ ...s3, S3_ENDPOINT: 'minio:9000' }).variable).toBe('S3_ENDPOINT');
    expect(errorOf({ ...s3, S3_SECRET_ACCESS_KEY: '' }).variable).toBe('S3_SECRET_ACCESS_KEY');
    expect(JSON.stringify(describeConfig(readConfig(s3)))).not.toContain('very-secret');
  });

  it('reads each secret from NAME_FILE as mounted container secrets are, but not from both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wishcast-secrets-'));
    try {
      writeFileSync(join(dir, 'secret'), 'from-a-file\n');
      writeFileSync(join(dir, 'url'), 'postgres://wish:pw@db:5432/wishcast\n');
      const { S3_SECRET_ACCESS_KEY: _, ...rest } = s3;
      const config = readConfig({
        ...rest,
        S3_SECRET_ACCESS_KEY_FILE: join(dir, 'secret'),
        DATABASE_URL_FILE: join(dir, 'url'),
      });
      expect(config.mediaStore).toMatchObject({ secretAccessKey: 'from-a-file' });
      expect(config.databaseUrl).toBe('postgres://wish:pw@db:5432/wishcast');
      expect(errorOf({ ...s3, S3_SECRET_ACCESS_KEY_FILE: join(dir, 'secret') }).message).toMatch(/not both/);
      expect(errorOf({ ...rest, S3_SECRET_ACCESS_KEY_FILE: join(dir, 'missing') }).variable).toBe(
        'S3_SECRET_ACCESS_KEY_FILE',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
