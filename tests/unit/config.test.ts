import { describe, expect, it } from 'vitest';
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
});
