import type { Kysely } from 'kysely';

/**
 * Room administration (ADM-*): a room image, who may invite and who may post. Account deletion and
 * deactivation (ACCT-*): a deleted user keeps an anonymized row so that every foreign key still holds.
 * The audit log already has `room_id` (0004) for the per-room administrative audit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('rooms')
    .addColumn('image_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // 'admins' keeps what rooms did before (ROOM-3): only owners and admins invite.
  await db.schema
    .alterTable('rooms')
    .addColumn('invite_policy', 'text', (c) => c.notNull().defaultTo('admins'))
    .execute();
  // 'everyone', 'admins' (announcement rooms) or 'closed' (a direct room whose other person is gone).
  await db.schema
    .alterTable('rooms')
    .addColumn('post_policy', 'text', (c) => c.notNull().defaultTo('everyone'))
    .execute();
  await db.schema.alterTable('users').addColumn('deleted_at', 'bigint').execute();
  await db.schema.alterTable('users').addColumn('deactivated_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('deactivated_at').execute();
  await db.schema.alterTable('users').dropColumn('deleted_at').execute();
  await db.schema.alterTable('rooms').dropColumn('post_policy').execute();
  await db.schema.alterTable('rooms').dropColumn('invite_policy').execute();
  await db.schema.alterTable('rooms').dropColumn('image_version').execute();
}
