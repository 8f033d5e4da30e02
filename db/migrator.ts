// The one migrator: used by `npm run db:migrate`, `npm start` and the tests.
import type { Kysely } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { migrationProvider } from './migrations/index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator is schema-agnostic
function migratorFor(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: migrationProvider });
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) throw result.error;
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Applies every pending migration; returns the names applied. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see migratorFor
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return unwrap(await migratorFor(db).migrateToLatest());
}

/** Reverts the latest migration; returns the names reverted. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see migratorFor
export async function migrateDown(db: Kysely<any>): Promise<string[]> {
  return unwrap(await migratorFor(db).migrateDown());
}

/** The migrations this build has that the database has not applied (none: the schema is current). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see migratorFor
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const all = await migratorFor(db).getMigrations();
  return all.filter((migration) => !migration.executedAt).map((migration) => migration.name);
}

/** Pending migrations when the start was told not to migrate (MIGRATE_ON_START=false). */
export class NotMigratedError extends Error {
  constructor(pending: string[]) {
    super(
      `The database lacks ${pending.length} migration(s) (${pending[0]}…): run \`npm run db:migrate\` first, ` +
        'or start with MIGRATE_ON_START=true.',
    );
    this.name = 'NotMigratedError';
  }
}
