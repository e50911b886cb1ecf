import type { Kysely } from 'kysely';

/**
 * The MLS Delivery Service (E2E-20..E2E-29, decision 0006). Every `data`, `cert`, `msk_pub`, `group_id` and
 * `group_info` column holds opaque MLS bytes as the client sent them (base64url text): the server stores and
 * returns them, never parses them. What it reads are the columns beside them: users, devices, room, epoch.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A user's master signing public key: one per user, versioned; a change is an audited identity change.
  await db.schema
    .createTable('e2e_identities')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('msk_pub', 'text', (c) => c.notNull())
    .addColumn('msk_version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('e2e_devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('cert', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('e2e_devices_user').on('e2e_devices').column('user_id').execute();
  // Ordinary key packages are deleted when claimed; a device's one last-resort package stays.
  await db.schema
    .createTable('e2e_key_packages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull().references('e2e_devices.id').onDelete('cascade'))
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('last_resort', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('e2e_key_packages_device')
    .on('e2e_key_packages')
    .columns(['device_id', 'last_resort', 'id'])
    .execute();
  // One MLS group per room; `epoch` is the compare-and-set that orders commits (E2E-25).
  await db.schema
    .createTable('e2e_groups')
    .addColumn('room_id', 'text', (c) => c.primaryKey().references('rooms.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().unique())
    .addColumn('epoch', 'bigint', (c) => c.notNull())
    .addColumn('rekey_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('group_info', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The handshake log: the commit made at each epoch, kept for the configured days (E2E-26).
  await db.schema
    .createTable('e2e_commits')
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('epoch', 'bigint', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('sender_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('e2e_commits_pk', ['room_id', 'epoch'])
    .execute();
  await db.schema.createIndex('e2e_commits_created').on('e2e_commits').column('created_at').execute();
  // A welcome is stored once, with a row per recipient device; a device's row goes when it has taken it,
  // the welcome with its last recipient (E2E-28).
  await db.schema
    .createTable('e2e_welcomes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('epoch', 'bigint', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('e2e_welcomes_created').on('e2e_welcomes').column('created_at').execute();
  await db.schema
    .createTable('e2e_welcome_recipients')
    .addColumn('welcome_id', 'text', (c) => c.notNull().references('e2e_welcomes.id').onDelete('cascade'))
    .addColumn('device_id', 'text', (c) => c.notNull().references('e2e_devices.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('e2e_welcome_recipients_pk', ['welcome_id', 'device_id'])
    .execute();
  await db.schema
    .createIndex('e2e_welcome_recipients_device')
    .on('e2e_welcome_recipients')
    .columns(['device_id', 'welcome_id'])
    .execute();
  // Accepted application messages, opaque (E2E-27); not yet part of the room's timeline.
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
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'e2e_messages',
    'e2e_welcome_recipients',
    'e2e_welcomes',
    'e2e_commits',
    'e2e_groups',
    'e2e_key_packages',
    'e2e_devices',
    'e2e_identities',
  ])
    await db.schema.dropTable(t).execute();
}
