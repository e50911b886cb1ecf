import type { Kysely } from 'kysely';

/**
 * The audit log by room, action and time. Reminders of notices are audit rows (`pin.reminded`, PIN-6), and
 * every client asks for the unanswered ones when it starts or reconnects (all at once after a restart): with
 * only (room_id, created_at) each ask read every audit row of the caller's rooms since they joined (invites,
 * file deletions, ...) to find the few reminders; this index reads just those.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('audit_log_room_action_idx')
    .on('audit_log')
    .columns(['room_id', 'action', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_log_room_action_idx').execute();
}
