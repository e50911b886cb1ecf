import type { Kysely } from 'kysely';

/**
 * Uploaded files (FILE-*), attached to messages; an audit log of security-relevant actions; users' profile
 * images. Files are rows here and bytes on disk under random ids: no path ever comes from a client.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('uploader_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    // Null until a message uses the upload token; unattached files are removed when `expires_at` passes.
    .addColumn('message_id', 'text')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('deleted_at', 'bigint')
    .addColumn('deleted_by', 'text')
    .execute();
  await db.schema
    .createIndex('files_room_created_idx')
    .on('files')
    .columns(['room_id', 'created_at'])
    .execute();
  await db.schema.createIndex('files_message_idx').on('files').column('message_id').execute();
  await db.schema.createIndex('files_expires_idx').on('files').column('expires_at').execute();

  // Lets a history page skip the files query for the (many) messages without any.
  await db.schema
    .alterTable('messages')
    .addColumn('file_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // Profile image: a version number in its immutable URL, 0 = none.
  await db.schema
    .alterTable('users')
    .addColumn('avatar_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text')
    .addColumn('target_id', 'text')
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .createIndex('audit_log_room_idx')
    .on('audit_log')
    .columns(['room_id', 'created_at'])
    .execute();
  await db.schema.createIndex('audit_log_created_idx').on('audit_log').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
  await db.schema.alterTable('users').dropColumn('avatar_version').execute();
  await db.schema.alterTable('messages').dropColumn('file_count').execute();
  await db.schema.dropTable('files').execute();
}
