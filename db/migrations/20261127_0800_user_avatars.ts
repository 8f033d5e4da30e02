// Frozen. A member's uploaded avatar: the stored square variants (64/128/256 px
// in AVIF, WebP and JPEG or PNG) as JSON; null keeps the generated identicon.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('avatar', 'jsonb').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('avatar').execute();
}
