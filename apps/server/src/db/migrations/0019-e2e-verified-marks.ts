import type { Kysely } from 'kysely';

/**
 * Verified marks shared with the user's own devices (E2E-89, design 5.9): "user verified target's master key",
 * signed by the user's master key on the device where the safety numbers were compared. The server keeps the
 * latest one per pair and hands it to the user's other devices; it cannot make one (it has no master key),
 * and a mark for a key since replaced verifies nothing on a device.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('e2e_verified_marks')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('target_user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('msk_pub', 'text', (c) => c.notNull())
    .addColumn('sig', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('e2e_verified_marks_pk', ['user_id', 'target_user_id'])
    .execute();
  // Deleting the target's account cascades by target_user_id; the primary key starts with user_id.
  await db.schema
    .createIndex('e2e_verified_marks_target')
    .on('e2e_verified_marks')
    .column('target_user_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('e2e_verified_marks').execute();
}
