// Frozen. The blog on the fediverse (issue 26): Fedify's key–value store and
// message queue live in the database so that every process shares them and
// they survive restarts; the actors' key pairs are generated once and kept
// here (every process must sign with the same keys); followers are rows, never
// held in memory.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('fediverse_kv')
    .addColumn('key', sql`text[]`, (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('fediverse_kv_expires_at').on('fediverse_kv').column('expires_at').execute();

  await db.schema
    .createTable('fediverse_queue')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('message', 'jsonb', (c) => c.notNull())
    .addColumn('ordering_key', 'text')
    .addColumn('run_at', 'timestamptz', (c) => c.notNull())
    // A listener holds a message until then; one that died lets it go to another.
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('fediverse_queue_run_at').on('fediverse_queue').columns(['run_at', 'id']).execute();
  await db.schema
    .createIndex('fediverse_queue_ordering_key')
    .on('fediverse_queue')
    .columns(['ordering_key', 'id'])
    .where(sql.ref('ordering_key'), 'is not', null)
    .execute();

  await db.schema
    .createTable('fediverse_keys')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('private_jwk', 'jsonb', (c) => c.notNull())
    .addColumn('public_jwk', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('fediverse_keys_pkey', ['actor', 'algorithm'])
    .execute();

  await db.schema
    .createTable('fediverse_followers')
    .addColumn('actor_id', 'text', (c) => c.primaryKey())
    .addColumn('inbox', 'text', (c) => c.notNull())
    .addColumn('shared_inbox', 'text')
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('fediverse_followers_created_at')
    .on('fediverse_followers')
    .columns(['created_at', 'actor_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['fediverse_followers', 'fediverse_keys', 'fediverse_queue', 'fediverse_kv']) {
    await db.schema.dropTable(table).execute();
  }
}
