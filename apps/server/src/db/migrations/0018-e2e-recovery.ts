import type { Kysely } from 'kysely';

/**
 * Recovery for end-to-end encryption (E2E-63..E2E-66, design 5.6). Both tables hold opaque blobs the client
 * sealed: the server can neither open them nor make entries a client would accept.
 *
 * - `e2e_secret_stores`: one per user, the master key seed and backup key under the recovery key. `version`
 *   is the compare-and-set of a replacement and is bound into the blob, so an old blob cannot come back.
 * - `e2e_history_keys`: per user, room and epoch, that epoch's keys under the user's backup key. Deleting the
 *   room deletes them (cascade), which crypto-shreds what is left of its messages. A retention purge of a
 *   room's old messages does not touch them yet: the keys of purged epochs stay until the room goes
 *   (recorded in SPEC E2E-66 as a known gap).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('e2e_secret_stores')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('blob', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('e2e_history_keys')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('epoch', 'bigint', (c) => c.notNull())
    .addColumn('blob', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('e2e_history_keys_pk', ['user_id', 'room_id', 'epoch'])
    .execute();
  // Deleting a room cascades by room_id; the primary key starts with user_id, so it needs its own index.
  await db.schema.createIndex('e2e_history_keys_room').on('e2e_history_keys').column('room_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('e2e_history_keys').execute();
  await db.schema.dropTable('e2e_secret_stores').execute();
}
