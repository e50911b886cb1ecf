import type { AuditAction } from '@messenger/shared';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AuditLogTable, Database } from '../../db/schema.ts';

type Handle = Kysely<Database> | Transaction<Database>;

export type AuditRow = Selectable<AuditLogTable>;

/** One audited action. `detail` never holds secrets. */
export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  roomId?: string | null;
  targetId?: string | null;
  detail?: Record<string, unknown>;
}

/** The audit log: security-relevant and administrative actions, append-only. */
export class AuditRepository {
  private readonly db: Handle;

  constructor(db: Handle) {
    this.db = db;
  }

  async record(entry: AuditEntry, now: number): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        id: uuidv7(),
        created_at: now,
        actor_id: entry.actorId,
        action: entry.action,
        room_id: entry.roomId ?? null,
        target_id: entry.targetId ?? null,
        detail: JSON.stringify(entry.detail ?? {}),
      })
      .execute();
  }

  /** Entries for one action, newest first (tests and the admin console read these). */
  async byAction(action: AuditAction, limit = 100) {
    return this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', action)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** A room's entries, newest first, from before the cursor position (ADM-6). */
  async forRoom(
    roomId: string,
    before: { at: number; id: string } | null,
    limit: number,
  ): Promise<AuditRow[]> {
    let q = this.db.selectFrom('audit_log').selectAll().where('room_id', '=', roomId);
    if (before)
      q = q.where((eb) =>
        eb.or([
          eb('created_at', '<', before.at),
          eb.and([eb('created_at', '=', before.at), eb('id', '<', before.id)]),
        ]),
      );
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...r, created_at: Number(r.created_at) }));
  }

  /**
   * Every entry of a room, newest first, one page of `pageSize` rows per query (ADM-6): an export of any
   * length holds one page in memory. Entries written meanwhile are newer than the cursor and never repeat.
   */
  async *pagesForRoom(roomId: string, pageSize: number): AsyncGenerator<AuditRow[]> {
    let before: { at: number; id: string } | null = null;
    for (;;) {
      const page = await this.forRoom(roomId, before, pageSize);
      if (page.length > 0) yield page;
      const last = page.at(-1);
      if (!last || page.length < pageSize) return;
      before = { at: last.created_at, id: last.id };
    }
  }
}
