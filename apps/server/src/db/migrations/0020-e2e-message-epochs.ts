import type { Kysely } from 'kysely';

/**
 * The epoch an encrypted message was sent in (E2E-66), as the send declared it and the server checked against
 * the group (E2E-33); null for every other message, and for encrypted messages sent before this column.
 * Epochs only grow along a room's sequence, so after retention removes a room's oldest messages the first
 * message left tells which epochs' history entries no message needs any more.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('e2e_epoch', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').dropColumn('e2e_epoch').execute();
}
