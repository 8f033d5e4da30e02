// Reads the environment once into a frozen, validated config. Nothing below this
// module reads process.env: everything else receives a Config.
import { join } from 'node:path';
import { IANAZone } from 'luxon';
import proxyaddr from 'proxy-addr';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Config {
  databaseUrl: string | null;
  dataDir: string;
  host: string;
  port: number;
  siteUrl: string;
  siteTimezone: string;
  wishDay: Weekday;
  /** 1 = Monday … 7 = Sunday, ISO weekday numbering as used by luxon. */
  wishWeekday: number;
  secureCookies: boolean;
  /** Multiplies every rate limit; tests and load runs raise it. */
  rateLimitFactor: number;
  /** Bytes the page cache may hold in memory (PAGE_CACHE_MB); 0 turns the page cache off. */
  pageCacheBytes: number;
  /** smtp:// or smtps:// URL of the mail relay; null keeps mail unsent (shown at /admin/mail). */
  smtpUrl: string | null;
  /** The From of every mail, e.g. `Wishcast <wishcast@example.org>`. */
  mailFrom: string;
  /** Added to the real time wherever the app reads the clock: end-to-end tests move time with it. */
  clockOffsetMs: number;
  /**
   * Proxies whose X-Forwarded-For is believed: a number of hops in front of
   * the server, or addresses/CIDRs (and proxy-addr's names: loopback,
   * linklocal, uniquelocal). 0 (the default): the socket's peer is the client.
   */
  trustedProxies: number | readonly string[];
  /** The least severe log level written (pino's levels). */
  logLevel: LogLevel;
  /** Where uploaded images are stored (filesystem storage), in every database mode. */
  mediaDir: string;
  /** Days finished mail is kept in the outbox (MAIL_KEEP_DAYS). */
  mailRetentionDays: number;
  /** Days a visitor's manage links live after the last mail that carried one (MANAGE_LINK_DAYS). */
  manageLinkDays: number;
  /** Days an address that asked to follow by email waits for its confirmation before it is forgotten (FOLLOW_CONFIRM_DAYS). */
  unconfirmedFollowerDays: number;
  /** The blog's name on the fediverse: `@<handle>@<host>` (FEDIVERSE_HANDLE, default `blog`). */
  fediverseHandle: string;
  /**
   * Lets Fedify fetch private and loopback addresses (FEDERATION_ALLOW_PRIVATE_ADDRESS=1):
   * for tests against a fediverse server on loopback only; refused unless SITE_URL is a plain http loopback address.
   */
  federationAllowPrivateAddress: boolean;
}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function readDatabaseUrl(env: Env): string | null {
  const raw = read(env, 'DATABASE_URL');
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'must be a URL like postgres://user@host:5432/dbname');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `must start with postgres:// or postgresql://, got ${url.protocol}//`);
  }
  if (!url.hostname || url.pathname.length <= 1) {
    throw new ConfigError('DATABASE_URL', 'must name a host and a database, like postgres://user@host:5432/dbname');
  }
  return raw;
}

function readPort(env: Env): number {
  const raw = read(env, 'PORT') ?? '4321';
  const port = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError('PORT', `must be a whole number from 1 to 65535, got "${raw}"`);
  }
  return port;
}

function readSiteUrl(env: Env, host: string, port: number): string {
  // Unset: where this server listens, so links work out of the box.
  const raw = read(env, 'SITE_URL') ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SITE_URL', `must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('SITE_URL', `must be an absolute http(s) URL, got "${raw}"`);
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function readTimezone(env: Env): string {
  const raw = read(env, 'SITE_TIMEZONE') ?? 'UTC';
  if (!IANAZone.isValidZone(raw)) {
    throw new ConfigError('SITE_TIMEZONE', `must be an IANA time zone such as Europe/Berlin or UTC, got "${raw}"`);
  }
  return raw;
}

function readWishDay(env: Env): Weekday {
  const raw = (read(env, 'WISH_DAY') ?? 'wednesday').toLowerCase();
  if (!(WEEKDAYS as readonly string[]).includes(raw)) {
    throw new ConfigError('WISH_DAY', `must be one of ${WEEKDAYS.join(', ')}, got "${raw}"`);
  }
  return raw as Weekday;
}

function readPositiveNumber(env: Env, name: string, fallback: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(name, `must be a positive number, got "${raw}"`);
  }
  return value;
}

/** PAGE_CACHE_MB: 0 is allowed (no page cache: every request is rendered, as tests compare). */
function readCacheMegabytes(env: Env): number {
  return read(env, 'PAGE_CACHE_MB') === '0' ? 0 : readPositiveNumber(env, 'PAGE_CACHE_MB', 64);
}

function readSmtpUrl(env: Env): string | null {
  const raw = read(env, 'SMTP_URL');
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SMTP_URL', 'must be a URL like smtps://user:password@mail.example.org:465');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError('SMTP_URL', `must start with smtp:// or smtps://, got ${url.protocol}//`);
  }
  if (!url.hostname) throw new ConfigError('SMTP_URL', 'must name a host, like smtp://mail.example.org:587');
  return raw;
}

// A display name (optional) and one address: `Name <local@domain>` or `local@domain`.
const MAIL_FROM = /^(?:([^<>\r\n"]*|"[^"\r\n]*")\s*<([^\s<>@]+@[^\s<>@]+)>|([^\s<>@]+@[^\s<>@]+))$/;

function readMailFrom(env: Env, siteUrl: string): string {
  const raw = read(env, 'MAIL_FROM');
  if (!raw) return `Wishcast <wishcast@${new URL(siteUrl).hostname.replace(/^\[|\]$/g, '') || 'localhost'}>`;
  if (!MAIL_FROM.test(raw)) {
    throw new ConfigError(
      'MAIL_FROM',
      `must be an address like "Wishcast <wishcast@example.org>", got ${JSON.stringify(raw)}`,
    );
  }
  return raw;
}

function readClockOffset(env: Env): number {
  const raw = read(env, 'CLOCK_OFFSET_SECONDS');
  if (raw === undefined) return 0;
  if (!/^-?\d{1,10}$/.test(raw)) {
    throw new ConfigError('CLOCK_OFFSET_SECONDS', `must be a whole number of seconds (may be negative), got "${raw}"`);
  }
  return Number(raw) * 1000;
}

function readTrustedProxies(env: Env): number | readonly string[] {
  const raw = read(env, 'TRUSTED_PROXIES');
  if (raw === undefined) return 0;
  if (/^\d+$/.test(raw)) return Number(raw);
  const list = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  try {
    // proxy-addr's own parser (ipaddr.js) decides what is an address or a range.
    proxyaddr.compile(list);
  } catch (error) {
    throw new ConfigError(
      'TRUSTED_PROXIES',
      `must be a number of proxy hops or a comma list of addresses/CIDRs, got "${raw}" (${(error as Error).message})`,
    );
  }
  return Object.freeze(list);
}

function readLogLevel(env: Env): LogLevel {
  const raw = (read(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  }
  return raw as LogLevel;
}

function readFediverseHandle(env: Env): string {
  const raw = read(env, 'FEDIVERSE_HANDLE') ?? 'blog';
  // What Mastodon accepts as a username, so every server can mention it.
  if (!/^[A-Za-z0-9_]{1,30}$/.test(raw)) {
    throw new ConfigError('FEDIVERSE_HANDLE', `must be 1 to 30 letters, digits or underscores, got "${raw}"`);
  }
  return raw;
}

const LOOPBACK_HOSTS = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

function readAllowPrivateAddress(env: Env, siteUrl: string): boolean {
  const raw = read(env, 'FEDERATION_ALLOW_PRIVATE_ADDRESS');
  if (raw === undefined || raw === '0') return false;
  if (raw !== '1') throw new ConfigError('FEDERATION_ALLOW_PRIVATE_ADDRESS', `must be 1 or 0, got "${raw}"`);
  // A public site that fetched private addresses would let any remote actor probe the network behind it.
  const url = new URL(siteUrl);
  if (url.protocol === 'https:' || !LOOPBACK_HOSTS.test(url.hostname)) {
    throw new ConfigError(
      'FEDERATION_ALLOW_PRIVATE_ADDRESS',
      `is for tests on loopback only: SITE_URL must be http://127.0.0.1 or http://localhost, got "${siteUrl}"`,
    );
  }
  return true;
}

export function readConfig(env: Env): Config {
  const host = read(env, 'HOST') ?? 'localhost';
  const port = readPort(env);
  const siteUrl = readSiteUrl(env, host, port);
  const wishDay = readWishDay(env);
  const dataDir = read(env, 'DATA_DIR') ?? './data';
  return Object.freeze({
    databaseUrl: readDatabaseUrl(env),
    dataDir,
    host,
    port,
    siteUrl,
    siteTimezone: readTimezone(env),
    wishDay,
    wishWeekday: WEEKDAYS.indexOf(wishDay) + 1,
    secureCookies: siteUrl.startsWith('https:'),
    rateLimitFactor: readPositiveNumber(env, 'RATE_LIMIT_FACTOR', 1),
    pageCacheBytes: Math.round(readCacheMegabytes(env) * 1024 * 1024),
    smtpUrl: readSmtpUrl(env),
    mailFrom: readMailFrom(env, siteUrl),
    clockOffsetMs: readClockOffset(env),
    trustedProxies: readTrustedProxies(env),
    logLevel: readLogLevel(env),
    mediaDir: read(env, 'MEDIA_DIR') ?? join(dataDir, 'media'),
    mailRetentionDays: readPositiveNumber(env, 'MAIL_KEEP_DAYS', 30),
    manageLinkDays: readPositiveNumber(env, 'MANAGE_LINK_DAYS', 90),
    unconfirmedFollowerDays: readPositiveNumber(env, 'FOLLOW_CONFIRM_DAYS', 14),
    fediverseHandle: readFediverseHandle(env),
    federationAllowPrivateAddress: readAllowPrivateAddress(env, siteUrl),
  });
}

/** The config as it may be logged: passwords in URLs replaced by "***". */
export function describeConfig(config: Config): Record<string, unknown> {
  const described: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    described[key] = typeof value === 'string' ? maskUrlPassword(value) : value;
  }
  return described;
}

function maskUrlPassword(value: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value;
  try {
    const url = new URL(value);
    if (!url.password) return value;
    url.password = '***';
    return url.toString();
  } catch {
    return value;
  }
}

let cached: Config | null = null;

/** The process's config, read from process.env on first use. */
export function getConfig(): Config {
  cached ??= readConfig(process.env);
  return cached;
}
