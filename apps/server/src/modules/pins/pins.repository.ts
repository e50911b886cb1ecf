import type { AuditAction } from '@messenger/shared';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { dialectOf } from '../../db/dialect.ts';
import type { Database, PinAcksTable, PinsTable } from '../../db/schema.ts';

export type PinRow = Selectable<PinsTable>;
export type PinAckRow = Selectable<PinAcksTable>;

/** The audit action of a reminder (ADM-6); the reminder itself is a `pin_reminders` row (PIN-6). */
export const PIN_REMINDED: AuditAction = 'pin.reminded';

/** The latest reminder of a notice: when, and who sent it. */
export interface PinReminderRow {
  at: number;
  by: string | null;
}

/** A notice that reminded a member who has not acknowledged it, with the reminder and their join time. */
export type RemindedPinRow = PinRow & { reminded_at: number; reminded_by: string | null; joined_at: number };

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
    await dialectOf(this.db).lockRows(this.db.selectFrom('rooms').select('id').where('id', '=', roomId));
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

  /** Removes the pins of messages being purged; returns them. */
  async deleteForMessages(messageIds: string[]): Promise<PinRow[]> {
    const rows = await this.db
      .deleteFrom('pins')
      .where('message_id', 'in', messageIds)
      .returningAll()
      .execute();
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

  /** Records a reminder of a notice, sent now by `by` (PIN-6). */
  async addReminder(pin: Pick<PinRow, 'id' | 'room_id'>, id: string, by: string, now: number): Promise<void> {
    await this.db
      .insertInto('pin_reminders')
      .values({ id, pin_id: pin.id, room_id: pin.room_id, reminded_by: by, created_at: now })
      .execute();
  }

  /** The latest reminder of each of these notices (of any rooms), in one query. */
  async latestReminders(pins: Pick<PinRow, 'id'>[]): Promise<Map<string, PinReminderRow>> {
    const out = new Map<string, PinReminderRow>();
    if (pins.length === 0) return out;
    const rows = await this.db
      .selectFrom('pin_reminders')
      .select(['pin_id', 'reminded_by', 'created_at'])
      .where(
        'pin_id',
        'in',
        pins.map((p) => p.id),
      )
      .orderBy('created_at')
      .execute();
    // Oldest first, so the latest of each notice is the one left.
    for (const r of rows) out.set(r.pin_id, { at: Number(r.created_at), by: r.reminded_by });
    return out;
  }

  /**
   * Reminders a user got and has not answered, newest first: notices asking for acknowledgement in rooms the
   * user is in, not written by them, not acknowledged by them, reminded of by someone else since they joined
   * (PIN-6).
   * One row per reminder; a notice reminded twice comes twice (the caller keeps the first).
   */
  async remindedFor(userId: string, limit: number): Promise<RemindedPinRow[]> {
    const rows = await this.db
      .selectFrom('pin_reminders as r')
      .innerJoin('pins as p', 'p.id', 'r.pin_id')
      .innerJoin('room_members as rm', (j) =>
        j.onRef('rm.room_id', '=', 'r.room_id').on('rm.user_id', '=', userId),
      )
      .selectAll('p')
      .select(['r.created_at as reminded_at', 'r.reminded_by as reminded_by', 'rm.joined_at as joined_at'])
      .whereRef('r.created_at', '>', 'rm.joined_at')
      .where('p.requires_ack', '=', 1)
      .where((eb) => eb.or([eb('r.reminded_by', 'is', null), eb('r.reminded_by', '<>', userId)]))
      .where((eb) => eb.or([eb('p.pinned_by', 'is', null), eb('p.pinned_by', '<>', userId)]))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('pin_acks as k')
              .select('k.pin_id')
              .whereRef('k.pin_id', '=', 'p.id')
              .where('k.user_id', '=', userId),
          ),
        ),
      )
      .orderBy('r.created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      ...normalize(r),
      reminded_at: Number(r.reminded_at),
      reminded_by: r.reminded_by,
      joined_at: Number(r.joined_at),
    }));
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
