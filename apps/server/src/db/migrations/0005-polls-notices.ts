import type { Kysely } from 'kysely';

/**
 * Polls shown as timeline messages (POLL-*), their options and votes; notices pinned in a room (PIN-*) with
 * members' acknowledgements.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('polls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    // The `poll` message that shows the card in the timeline.
    .addColumn('message_id', 'text', (c) =>
      c.notNull().unique().references('messages.id').onDelete('cascade'),
    )
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('multiple', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ends_at', 'bigint')
    // Set once, by a conditional update: whoever sets it (close or the sweep) announces it.
    .addColumn('closed_at', 'bigint')
    .addColumn('closed_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('polls_room_idx').on('polls').columns(['room_id', 'created_at']).execute();
  // The sweep looks for open polls past their deadline.
  await db.schema.createIndex('polls_open_ends_idx').on('polls').columns(['closed_at', 'ends_at']).execute();

  await db.schema
    .createTable('poll_options')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('poll_id', 'text', (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('poll_options_poll_idx').on('poll_options').column('poll_id').execute();

  await db.schema
    .createTable('poll_votes')
    .addColumn('poll_id', 'text', (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('option_id', 'text', (c) => c.notNull().references('poll_options.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_votes_pk', ['poll_id', 'option_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('poll_votes_user_idx')
    .on('poll_votes')
    .columns(['poll_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('pins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    // Null for a written notice.
    .addColumn('message_id', 'text', (c) => c.references('messages.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('pinned_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('requires_ack', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pins_room_idx').on('pins').columns(['room_id', 'created_at']).execute();
  await db.schema
    .createIndex('pins_room_message_uq')
    .on('pins')
    .columns(['room_id', 'message_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('pin_acks')
    .addColumn('pin_id', 'text', (c) => c.notNull().references('pins.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pin_acks_pk', ['pin_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['pin_acks', 'pins', 'poll_votes', 'poll_options', 'polls']) {
    await db.schema.dropTable(t).execute();
  }
}
