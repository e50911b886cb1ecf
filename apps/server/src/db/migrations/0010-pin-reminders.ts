import { sql, type Kysely } from 'kysely';

/**
 * Reminders of notices get a table of their own (PIN-6). They were read from the audit log (`pin.reminded`
 * rows), which is about to become an append-only, hash-chained record that nothing else should read for its
 * features. The existing reminders are copied over (their audit rows stay: the room's audit log still shows
 * who reminded, ADM-6); reminders of notices that are gone are left behind, as nobody could see them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pin_reminders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pin_id', 'text', (c) => c.notNull().references('pins.id').onDelete('cascade'))
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('reminded_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // A member's reminders: from their rooms, by time since they joined. A notice's latest: by the notice.
  await db.schema
    .createIndex('pin_reminders_room_idx')
    .on('pin_reminders')
    .columns(['room_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('pin_reminders_pin_idx')
    .on('pin_reminders')
    .columns(['pin_id', 'created_at'])
    .execute();
  await sql`insert into pin_reminders (id, pin_id, room_id, reminded_by, created_at)
    select a.id, p.id, p.room_id, (select u.id from users u where u.id = a.actor_id), a.created_at
    from audit_log a join pins p on p.id = a.target_id and p.room_id = a.room_id
    where a.action = 'pin.reminded'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('pin_reminders').execute();
}
