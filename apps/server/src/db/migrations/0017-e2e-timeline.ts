import { sql, type Kysely } from 'kysely';

/**
 * End-to-end encrypted rooms in the timeline (E2E-40..E2E-44, decision 0008). `rooms.e2e` marks a room whose
 * messages are MLS envelopes (1 for good, never switched off); such a message is an ordinary `messages` row of
 * kind `e2e` whose `body` holds the envelope, so sequence numbers, unread counts, read receipts, paging,
 * deletes and retention work as for text. The separate `e2e_messages` table goes: nothing shipped wrote to it.
 * An encrypted direct room's `direct_key` is `e2e:a:b` (see rooms/direct-key.ts), so it is unique apart from
 * the standard `a:b` room of the same pair.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('rooms')
    .addColumn('e2e', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.dropTable('e2e_messages').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('e2e_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('epoch', 'bigint', (c) => c.notNull())
    .addColumn('sender_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('e2e_messages_room').on('e2e_messages').columns(['room_id', 'id']).execute();
  // Encrypted messages have no plaintext to fall back to: they go with the column that explained them.
  await sql`delete from messages where kind = 'e2e'`.execute(db);
  await db.schema.alterTable('rooms').dropColumn('e2e').execute();
}
