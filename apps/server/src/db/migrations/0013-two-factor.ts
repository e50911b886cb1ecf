import type { Kysely } from 'kysely';

/**
 * Two-step verification for local accounts (AUTH-16): the user's TOTP secret (AES-256-GCM under the server's
 * `totp_key`, never returned after enrolment), when it was turned on, and the last time step a code was
 * accepted for (a code of that step or an earlier one is refused, so no code works twice); and the single-use
 * recovery codes, kept only as an HMAC under the server's key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('totp_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_enabled_at', 'bigint').execute();
  await db.schema.alterTable('users').addColumn('totp_last_step', 'bigint').execute();
  await db.schema
    .createTable('recovery_codes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addPrimaryKeyConstraint('recovery_codes_pk', ['user_id', 'code_hash'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('recovery_codes').execute();
  for (const column of ['totp_last_step', 'totp_enabled_at', 'totp_secret'])
    await db.schema.alterTable('users').dropColumn(column).execute();
}
