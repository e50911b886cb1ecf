import type { Kysely } from 'kysely';

/**
 * Administration and compliance (issue 16): a room archived by a server administrator (read-only, kept), a
 * room under legal hold (retention never removes anything from it), a room's own retention in days (null =
 * the server's setting, 0 = keep forever); an account whose password an administrator reset must choose a new
 * one at its next sign-in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('rooms').addColumn('archived_at', 'bigint').execute();
  await db.schema
    .alterTable('rooms')
    .addColumn('legal_hold', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('rooms').addColumn('retention_days', 'integer').execute();
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('must_change_password').execute();
  for (const column of ['retention_days', 'legal_hold', 'archived_at'])
    await db.schema.alterTable('rooms').dropColumn(column).execute();
}
