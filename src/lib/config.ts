// Reads the environment once into a frozen, validated config. Nothing below this
// module reads process.env: everything else receives a Config.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IANAZone } from 'luxon';
import proxyaddr from 'proxy-addr';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
type Weekday = (typeof WEEKDAYS)[number];

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
  /** The local hour (0–23) the board opens on the wish day (WISH_OPENING_HOUR, default 0: midnight). */
  wishOpeningHour: number;
  secureCookies: boolean;
  /** Multiplies every rate limit; tests and load runs raise it. */
  rateLimitFactor: number;
  /** Bytes the page cache may hold in memory (PAGE_CACHE_MB); 0 turns the page cache off. */
  pageCacheBytes: number;
  /** smtp:// or smtps:// URL of the mail relay; null keeps mail unsent (shown at /admin/mail). */
  smtpUrl: string | null;
  /** The From of every mail, e.g. `Wishcast <wishcast@example.org>`; a bare address goes out under the site's name. */
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
  /** Seconds a worker's claim on a mail holds unrenewed (MAIL_CLAIM_SECONDS): how late a crashed process's mail goes out. */
  mailClaimSeconds: number;
  /** The bearer token that opens /metrics to a non-loopback scraper (METRICS_TOKEN or METRICS_TOKEN_FILE); null: loopback only. */
  metricsToken: string | null;
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
  /**
   * Lets the importer fetch images from private and loopback addresses (IMPORT_ALLOW_PRIVATE_ADDRESS=1):
   * for tests on loopback only; refused unless SITE_URL is a plain http loopback address.
   */
  importAllowPrivateAddress: boolean;
  /** PostgreSQL connections this process may hold (DATABASE_POOL_MAX, default 10); PGlite ignores it. */
  databasePoolMax: number;
  /** Whether `npm start` applies pending migrations itself (MIGRATE_ON_START, default true). */
  migrateOnStart: boolean;
  /** Where uploaded images live: the filesystem under mediaDir, or an S3-compatible bucket (MEDIA_STORE). */
  mediaStore: MediaStoreConfig;
}

type MediaStoreConfig = { kind: 'files' } | ({ kind: 's3' } & S3Config);

export interface S3Config {
  /** The service's base URL, e.g. https://s3.eu-central-1.amazonaws.com or http://minio:9000. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `endpoint/bucket/key` instead of `bucket.endpoint/key` (MinIO, most self-hosted stores). */
  forcePathStyle: boolean;
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

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

/**
 * A secret given directly (NAME) or as a file holding it (NAME_FILE, as Docker
 * and Kubernetes secrets are mounted); the file's trailing line break is not
 * part of the secret. Both at once is refused: one of them would be ignored.
 */
function readSecret(env: Env, name: string): string | undefined {
  const direct = read(env, name);
  const file = read(env, `${name}_FILE`);
  if (file === undefined) return direct;
  if (direct !== undefined) throw new ConfigError(name, `is set twice: give ${name} or ${name}_FILE, not both`);
  let contents: string;
  try {
    contents = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${name}_FILE`,
      `cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'} ${file}`,
    );
  }
  const value = contents.replace(/\r?\n$/, '').trim();
  if (!value) throw new ConfigError(`${name}_FILE`, `names an empty file: ${file}`);
  return value;
}

function readDatabaseUrl(env: Env): string | null {
  const raw = readSecret(env, 'DATABASE_URL');
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

function readOpeningHour(env: Env): number {
  const raw = read(env, 'WISH_OPENING_HOUR') ?? '0';
  if (!/^\d{1,2}$/.test(raw) || Number(raw) > 23) {
    throw new ConfigError('WISH_OPENING_HOUR', `must be a whole hour from 0 to 23, got "${raw}"`);
  }
  return Number(raw);
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
  const raw = readSecret(env, 'SMTP_URL');
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
  // A bare address: the worker sends it under the site's name (src/lib/mail/worker.ts).
  if (!raw) return `wishcast@${new URL(siteUrl).hostname.replace(/^\[|\]$/g, '') || 'localhost'}`;
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

/** METRICS_TOKEN, or the first line of the file METRICS_TOKEN_FILE names (a container secret); at least 16 characters. */
function readMetricsToken(env: Env): string | null {
  const file = read(env, 'METRICS_TOKEN_FILE');
  let raw = read(env, 'METRICS_TOKEN');
  if (file && raw) throw new ConfigError('METRICS_TOKEN', 'set METRICS_TOKEN or METRICS_TOKEN_FILE, not both');
  if (file) {
    try {
      raw = readFileSync(file, 'utf8').split(/\r?\n/, 1)[0]!.trim();
    } catch (error) {
      throw new ConfigError('METRICS_TOKEN_FILE', `cannot read ${file}: ${(error as Error).message}`);
    }
  }
  if (raw === undefined) return null;
  if (raw.length < 16)
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters (try `openssl rand -hex 32`)');
  return raw;
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

function readAllowPrivateAddress(
  env: Env,
  siteUrl: string,
  name: 'FEDERATION_ALLOW_PRIVATE_ADDRESS' | 'IMPORT_ALLOW_PRIVATE_ADDRESS' = 'FEDERATION_ALLOW_PRIVATE_ADDRESS',
): boolean {
  const raw = read(env, name);
  if (raw === undefined || raw === '0') return false;
  if (raw !== '1') throw new ConfigError(name, `must be 1 or 0, got "${raw}"`);
  // A public site that fetched private addresses would let any remote actor probe the network behind it.
  const url = new URL(siteUrl);
  if (url.protocol === 'https:' || !LOOPBACK_HOSTS.test(url.hostname)) {
    throw new ConfigError(
      name,
      `is for tests on loopback only: SITE_URL must be http://127.0.0.1 or http://localhost, got "${siteUrl}"`,
    );
  }
  return true;
}

function readWholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function readSwitch(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false (or 1 or 0), got "${raw}"`);
}

function readS3Setting(env: Env, name: string, value: string | undefined): string {
  if (value === undefined) throw new ConfigError(name, 'is required with MEDIA_STORE=s3');
  return value;
}

function readMediaStore(env: Env): MediaStoreConfig {
  const kind = (read(env, 'MEDIA_STORE') ?? 'files').toLowerCase();
  if (kind === 'files') return { kind };
  if (kind !== 's3') throw new ConfigError('MEDIA_STORE', `must be files or s3, got "${kind}"`);
  const endpoint = readS3Setting(env, 'S3_ENDPOINT', read(env, 'S3_ENDPOINT'));
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigError(
      'S3_ENDPOINT',
      `must be an http(s) URL like https://s3.eu-central-1.amazonaws.com, got "${endpoint}"`,
    );
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new ConfigError(
      'S3_ENDPOINT',
      `must be an http(s) URL like https://s3.eu-central-1.amazonaws.com, got "${endpoint}"`,
    );
  }
  const bucket = readS3Setting(env, 'S3_BUCKET', read(env, 'S3_BUCKET'));
  // S3's own naming rule, so a typo is caught here and not at the first upload.
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError('S3_BUCKET', `must be 3 to 63 lower-case letters, digits, dots or hyphens, got "${bucket}"`);
  }
  return {
    kind,
    endpoint: url.origin + url.pathname.replace(/\/+$/, ''),
    bucket,
    region: read(env, 'S3_REGION') ?? 'us-east-1',
    accessKeyId: readS3Setting(env, 'S3_ACCESS_KEY_ID', readSecret(env, 'S3_ACCESS_KEY_ID')),
    secretAccessKey: readS3Setting(env, 'S3_SECRET_ACCESS_KEY', readSecret(env, 'S3_SECRET_ACCESS_KEY')),
    forcePathStyle: readSwitch(env, 'S3_FORCE_PATH_STYLE', false),
  };
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
    wishOpeningHour: readOpeningHour(env),
    secureCookies: siteUrl.startsWith('https:'),
    rateLimitFactor: readPositiveNumber(env, 'RATE_LIMIT_FACTOR', 1),
    pageCacheBytes: Math.round(readCacheMegabytes(env) * 1024 * 1024),
    smtpUrl: readSmtpUrl(env),
    mailFrom: readMailFrom(env, siteUrl),
    clockOffsetMs: readClockOffset(env),
    trustedProxies: readTrustedProxies(env),
    logLevel: readLogLevel(env),
    mediaDir: read(env, 'MEDIA_DIR') ?? join(dataDir, 'media'),
    mailClaimSeconds: readPositiveNumber(env, 'MAIL_CLAIM_SECONDS', 120),
    metricsToken: readMetricsToken(env),
    mailRetentionDays: readPositiveNumber(env, 'MAIL_KEEP_DAYS', 30),
    manageLinkDays: readPositiveNumber(env, 'MANAGE_LINK_DAYS', 90),
    unconfirmedFollowerDays: readPositiveNumber(env, 'FOLLOW_CONFIRM_DAYS', 14),
    fediverseHandle: readFediverseHandle(env),
    federationAllowPrivateAddress: readAllowPrivateAddress(env, siteUrl),
    databasePoolMax: readWholeNumber(env, 'DATABASE_POOL_MAX', 10, 1, 1000),
    migrateOnStart: readSwitch(env, 'MIGRATE_ON_START', true),
    mediaStore: Object.freeze(readMediaStore(env)),
    importAllowPrivateAddress: readAllowPrivateAddress(env, siteUrl, 'IMPORT_ALLOW_PRIVATE_ADDRESS'),
  });
}

/** Settings that are secrets whole: logged as "***" when set. */
const SECRET_KEYS = new Set<keyof Config>(['metricsToken']);

/** The config as it may be logged: passwords in URLs replaced by "***". */
export function describeConfig(config: Config): Record<string, unknown> {
  const described: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    described[key] =
      typeof value !== 'string' ? value : SECRET_KEYS.has(key as keyof Config) ? '***' : maskUrlPassword(value);
  }
  if (config.mediaStore.kind === 's3') described.mediaStore = { ...config.mediaStore, secretAccessKey: '***' };
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
