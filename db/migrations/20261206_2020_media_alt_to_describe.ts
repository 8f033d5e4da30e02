// Frozen. An imported image the old site gave no alt text is kept with an
// empty alt, not marked decorative, to be described later (issue 30): the old
// check (decorative or alt <> '') refused every such image, so the import
// listed them as failures. Uploads still need alt text or the decorative tick
// (the upload form's rule); the database now only keeps a decorative image
// without alt text.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('media').dropConstraint('media_alt_or_decorative').execute();
  await db.schema
    .alterTable('media')
    .addCheckConstraint('media_decorative_without_alt', sql`not decorative or alt = ''`)
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('media').dropConstraint('media_decorative_without_alt').execute();
  await db.schema
    .alterTable('media')
    .addCheckConstraint('media_alt_or_decorative', sql`decorative or alt <> ''`)
    .execute();
}
