// Frozen. Two-step sign-in (issue 29, item 5): a TOTP secret per account, its
// single-use recovery codes (hashed), and the pending step between a correct
// password and the code (a random id in a cookie, only its hash stored).
import { type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('two_step_secrets')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    // Null while being set up: two-step sign-in is on only once a code confirmed it.
    .addColumn('confirmed_at', 'timestamptz')
    // The last TOTP time step accepted: a code of it or an earlier step is a replay.
    .addColumn('last_step', 'bigint')
    .execute();
  await db.schema
    .createTable('two_step_recovery_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('two_step_recovery_codes_user_id_idx')
    .on('two_step_recovery_codes')
    .column('user_id')
    .execute();
  await db.schema
    .createTable('two_step_pending')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('two_step_pending_user_id_idx').on('two_step_pending').column('user_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('two_step_pending').execute();
  await db.schema.dropTable('two_step_recovery_codes').execute();
  await db.schema.dropTable('two_step_secrets').execute();
}
