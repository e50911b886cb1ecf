import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** A room retention may remove from: not under legal hold, with a retention in days (null: the default). */
export interface RetentionRoomRow {
  id: string;
  name: string | null;
  retention_days: number | null;
}

/** What is due in one room: its oldest messages up to `untilSeq`, and the files attached to them. */
export interface DueRange {
  untilSeq: number;
  messages: number;
  files: number;
  oldest: number;
}

/** A message to purge: enough to remove it and to tell its room how far the removal went. */
export interface PurgeKey {
  id: string;
  room_id: string;
  seq: number;
}

/**
 * All SQL of retention (RET-1). A room's due messages are found through the (room, sequence) index only: from
 * the oldest message up to the first one still within the room's retention, so no query reads the messages
 * that stay, however many a room has.
 */
export class RetentionRepository {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /**
   * Rooms retention applies to when the server keeps messages `defaultDays` (0: forever): not under legal
   * hold, and with their own retention above 0 or none of their own while the default is above 0.
   */
  async roomsWithRetention(defaultDays: number): Promise<RetentionRoomRow[]> {
    const rows = await this.db
      .selectFrom('rooms')
      .select(['id', 'name', 'retention_days'])
      .where('legal_hold', '=', 0)
      .where((eb) =>
        defaultDays > 0
          ? eb.or([eb('retention_days', 'is', null), eb('retention_days', '>', 0)])
          : eb('retention_days', '>', 0),
      )
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      ...r,
      retention_days: r.retention_days === null ? null : Number(r.retention_days),
    }));
  }

  /**
   * The room's messages sent before `cutoff`, counted from its oldest up to (not including) the first one sent
   * since; null when its oldest message is not due yet.
   */
  async dueRange(roomId: string, cutoff: number): Promise<DueRange | null> {
    const first = await this.db
      .selectFrom('messages')
      .select(['seq', 'created_at'])
      .where('room_id', '=', roomId)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    if (!first || Number(first.created_at) >= cutoff) return null;
    const kept = await this.db
      .selectFrom('messages')
      .select('seq')
      .where('room_id', '=', roomId)
      .where('created_at', '>=', cutoff)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    const bound = kept ? sql`and m.seq < ${Number(kept.seq)}` : sql``;
    const counts = await sql<{ n: number | string; until_seq: number | string; oldest: number | string }>`
      select count(*) as n, max(m.seq) as until_seq, min(m.created_at) as oldest
      from messages m where m.room_id = ${roomId} ${bound}`.execute(this.db);
    const c = counts.rows[0]!;
    const untilSeq = Number(c.until_seq);
    const files = await sql<{ n: number | string }>`
      select count(*) as n from files f inner join messages m on m.id = f.message_id
      where m.room_id = ${roomId} and m.seq <= ${untilSeq}`.execute(this.db);
    return { untilSeq, messages: Number(c.n), files: Number(files.rows[0]!.n), oldest: Number(c.oldest) };
  }

  /** Up to `limit` of the room's messages after `afterSeq` up to `untilSeq`, oldest first. */
  async batch(roomId: string, afterSeq: number, untilSeq: number, limit: number): Promise<PurgeKey[]> {
    const rows = await this.db
      .selectFrom('messages')
      .select(['id', 'room_id', 'seq'])
      .where('room_id', '=', roomId)
      .where('seq', '>', afterSeq)
      .where('seq', '<=', untilSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }
}
