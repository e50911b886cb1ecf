import { PostgresAdapter, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, PinAcksTable, PinsTable } from '../../db/schema.ts';

export type PinRow = Selectable<PinsTable>;
export type PinAckRow = Selectable<PinAcksTable>;

type Handle = Kysely<Database> | Transaction<Database>;

function normalize(row: PinRow): PinRow {
  return { ...row, created_at: Number(row.created_at) };
}

/** All SQL about notices (pins) and their acknowledgements. */
export class PinsRepository {
  private readonly db: Handle;

  constructor(db: Handle) {
    this.db = db;
  }

  async insert(row: PinRow): Promise<void> {
    await this.db.insertInto('pins').values(row).execute();
  }

  async find(id: string): Promise<PinRow | undefined> {
    const row = await this.db.selectFrom('pins').selectAll().where('id', '=', id).executeTakeFirst();
    return row && normalize(row);
  }

  async findByMessage(roomId: string, messageId: string): Promise<PinRow | undefined> {
    const row = await this.db
      .selectFrom('pins')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('message_id', '=', messageId)
      .executeTakeFirst();
    return row && normalize(row);
  }

  /** A room's notices, newest first. */
  async listForRoom(roomId: string): Promise<PinRow[]> {
    const rows = await this.db
      .selectFrom('pins')
      .selectAll()
      .where('room_id', '=', roomId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(normalize);
  }

  /**
   * A room's notices, counted inside a new pin's transaction after locking the room's row on PostgreSQL, so
   * pins of one room take turns and the limit holds however many arrive at once (SQLite: one connection
   * per process runs one transaction at a time).
   */
  async countForRoomLocked(roomId: string): Promise<number> {
    if (this.db.getExecutor().adapter instanceof PostgresAdapter)
      await this.db.selectFrom('rooms').select('id').where('id', '=', roomId).forUpdate().execute();
    const r = await this.db
      .selectFrom('pins')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('room_id', '=', roomId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async delete(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('pins').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Removes the pins of a deleted message; returns them. */
  async deleteForMessage(messageId: string): Promise<PinRow[]> {
    const rows = await this.db.selectFrom('pins').selectAll().where('message_id', '=', messageId).execute();
    if (rows.length > 0) await this.db.deleteFrom('pins').where('message_id', '=', messageId).execute();
    return rows.map(normalize);
  }

  /** Records an acknowledgement once; `false` if the user had already acknowledged. */
  async ack(pinId: string, userId: string, now: number): Promise<boolean> {
    const r = await this.db
      .insertInto('pin_acks')
      .values({ pin_id: pinId, user_id: userId, created_at: now })
      .onConflict((oc) => oc.columns(['pin_id', 'user_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Acknowledgements of some pins, oldest first. */
  async acks(pinIds: string[]): Promise<PinAckRow[]> {
    if (pinIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('pin_acks')
      .selectAll()
      .where('pin_id', 'in', pinIds)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ ...r, created_at: Number(r.created_at) }));
  }
}
