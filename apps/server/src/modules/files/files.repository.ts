import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, FilesTable } from '../../db/schema.ts';

export type FileRow = Selectable<FilesTable>;

type Handle = Kysely<Database> | Transaction<Database>;

/** A gallery row: the file with its message's sequence. */
export type GalleryRow = FileRow & { seq: number };

function normalize<T extends FileRow>(row: T): T {
  return { ...row, size: Number(row.size), created_at: Number(row.created_at) };
}

/** All SQL about stored files. */
export class FilesRepository {
  private readonly db: Handle;

  constructor(db: Handle) {
    this.db = db;
  }

  async insert(row: FileRow): Promise<void> {
    await this.db.insertInto('files').values(row).execute();
  }

  async find(id: string): Promise<FileRow | undefined> {
    const row = await this.db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
    return row && normalize(row);
  }

  /**
   * Gives unattached files to a message, in order. Returns how many were attached: fewer than asked means a
   * file was already used, deleted or cleaned up, and the caller rolls back.
   */
  async attach(messageId: string, fileIds: string[]): Promise<number> {
    let attached = 0;
    for (const [position, id] of fileIds.entries()) {
      const res = await this.db
        .updateTable('files')
        .set({ message_id: messageId, position, expires_at: null })
        .where('id', '=', id)
        .where('message_id', 'is', null)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      attached += Number(res.numUpdatedRows);
    }
    return attached;
  }

  /** Files of these messages (deleted ones included, as tombstones), in message order. */
  async forMessages(messageIds: string[]): Promise<FileRow[]> {
    if (messageIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('files')
      .selectAll()
      .where('message_id', 'in', messageIds)
      .orderBy('position')
      .execute();
    return rows.map(normalize);
  }

  /** A room's shared files, newest first, from before the cursor position. */
  async gallery(
    roomId: string,
    opts: { kind: 'image' | 'file' | undefined; before: { at: number; id: string } | null; limit: number },
  ): Promise<GalleryRow[]> {
    let q = this.db
      .selectFrom('files')
      .innerJoin('messages', 'messages.id', 'files.message_id')
      .selectAll('files')
      .select('messages.seq')
      .where('files.room_id', '=', roomId)
      // Encrypted blobs have no name or type to list: members' devices find them in the messages (E2E-73).
      .where('files.kind', '!=', 'e2e')
      .where('files.deleted_at', 'is', null)
      .where('messages.deleted_at', 'is', null);
    if (opts.kind) q = q.where('files.kind', '=', opts.kind);
    const before = opts.before;
    if (before)
      q = q.where((eb) =>
        eb.or([
          eb('files.created_at', '<', before.at),
          eb.and([eb('files.created_at', '=', before.at), eb('files.id', '<', before.id)]),
        ]),
      );
    const rows = await q
      .orderBy('files.created_at', 'desc')
      .orderBy('files.id', 'desc')
      .limit(opts.limit)
      .execute();
    return rows.map((r) => ({ ...normalize(r), seq: Number(r.seq) }));
  }

  async markDeleted(id: string, by: string, now: number): Promise<void> {
    await this.db
      .updateTable('files')
      .set({ deleted_at: now, deleted_by: by })
      .where('id', '=', id)
      .execute();
  }

  /** Marks every live file of a message deleted; returns their ids (to remove from disk after commit). */
  async deleteForMessage(messageId: string, by: string, now: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('files')
      .select('id')
      .where('message_id', '=', messageId)
      .where('deleted_at', 'is', null)
      .execute();
    if (rows.length === 0) return [];
    await this.db
      .updateTable('files')
      .set({ deleted_at: now, deleted_by: by })
      .where('message_id', '=', messageId)
      .where('deleted_at', 'is', null)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Deletes the file rows of messages being purged, live or not; returns their ids (bytes go after commit). */
  async purgeForMessages(messageIds: string[]): Promise<string[]> {
    const rows = await this.db
      .deleteFrom('files')
      .where('message_id', 'in', messageIds)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Unattached uploads whose token has expired. */
  async expiredUnattached(now: number, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('files')
      .select('id')
      .where('message_id', 'is', null)
      .where('expires_at', '<', now)
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Deletes rows that are still unattached (a message may have claimed one meanwhile). */
  async deleteUnattached(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .deleteFrom('files')
      .where('id', 'in', ids)
      .where('message_id', 'is', null)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Ids of every file row of these rooms (the cleanup removes their bytes once the rooms are gone). */
  async idsOfRooms(roomIds: string[]): Promise<{ id: string; room_id: string }[]> {
    if (roomIds.length === 0) return [];
    return this.db.selectFrom('files').select(['id', 'room_id']).where('room_id', 'in', roomIds).execute();
  }

  /** Of these ids, the rows that exist, with whether each is deleted (the orphan sweep, ADM-7). */
  async deletedState(ids: string[]): Promise<Map<string, boolean>> {
    const out = new Map<string, boolean>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('files')
        .select(['id', 'deleted_at'])
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) out.set(r.id, r.deleted_at !== null);
    }
    return out;
  }
}
