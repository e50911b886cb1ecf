import type { Kysely } from 'kysely';

/**
 * Accounts of a company directory (AUTH-13): where an account signs in (`local`, or `ldap`), its identity
 * there (the directory DN), and the mail and department the directory gives, refreshed at each sign-in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('auth_source', 'text', (c) => c.notNull().defaultTo('local'))
    .execute();
  await db.schema.alterTable('users').addColumn('external_id', 'text').execute();
  await db.schema.alterTable('users').addColumn('email', 'text').execute();
  await db.schema.alterTable('users').addColumn('department', 'text').execute();
  // One account per directory identity (several NULLs, the local accounts, are allowed on both databases).
  await db.schema
    .createIndex('users_external_idx')
    .on('users')
    .columns(['auth_source', 'external_id'])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('users_external_idx').execute();
  for (const column of ['department', 'email', 'external_id', 'auth_source'])
    await db.schema.alterTable('users').dropColumn(column).execute();
}
