import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ComplianceExportsTable, Database, MessagesTable } from '../../db/schema.ts';

type Handle = Kysely<Database> | Transaction<Database>;

export type ExportRow = Selectable<ComplianceExportsTable>;
type MessageRow = Selectable<MessagesTable>;

/** What an export reads: one room's messages, or every message one person sent, in `[from, to)`. */
export interface ExportSelection {
  kind: 'room' | 'user';
  id: string;
  from: number;
  to: number;
}

/** Where the previous page ended: a room's pages go by `seq`, a person's by time then id. */
export interface ExportCursor {
  seq: number;
  at: number;
  id: string;
}

function normalize(row: ExportRow): ExportRow {
  return {
    ...row,
    range_from: Number(row.range_from),
    range_to: Number(row.range_to),
    done: Number(row.done),
    total: Number(row.total),
    size: row.size === null ? null : Number(row.size),
    created_at: Number(row.created_at),
    heartbeat_at: Number(row.heartbeat_at),
    finished_at: row.finished_at === null ? null : Number(row.finished_at),
  };
}

function normalizeMessage(row: MessageRow): MessageRow {
  return { ...row, seq: Number(row.seq), rev: Number(row.rev), created_at: Number(row.created_at) };
}

/** All SQL of compliance exports (ADMIN-6): the jobs, and the messages and rooms an export reads. */
export class ComplianceExportRepository {
  private readonly db: Handle;

  constructor(db: Handle) {
    this.db = db;
  }

  async insert(row: ExportRow): Promise<void> {
    await this.db.insertInto('compliance_exports').values(row).execute();
  }

  async find(id: string): Promise<ExportRow | undefined> {
    const row = await this.db
      .selectFrom('compliance_exports')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && normalize(row);
  }

  /** Exports started at or after `since`, newest first. */
  async since(since: number): Promise<ExportRow[]> {
    const rows = await this.db
      .selectFrom('compliance_exports')
      .selectAll()
      .where('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(normalize);
  }

  /** Removes exports started before `before`; returns their ids (their ZIPs go next). */
  async deleteOlderThan(before: number): Promise<string[]> {
    const rows = await this.db
      .deleteFrom('compliance_exports')
      .where('created_at', '<', before)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Removes one export; whether it was there. */
  async delete(id: string): Promise<boolean> {
    const res = await this.db.deleteFrom('compliance_exports').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /** The job begins: how many messages it will write. */
  async markRunning(id: string, total: number, now: number): Promise<boolean> {
    const res = await this.db
      .updateTable('compliance_exports')
      .set({ status: 'running', total, heartbeat_at: now })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Messages written so far; false when the export is gone (deleted meanwhile) or no longer running. */
  async progress(id: string, done: number, now: number): Promise<boolean> {
    const res = await this.db
      .updateTable('compliance_exports')
      .set({ done, heartbeat_at: now })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** The owning process is alive: its jobs are not stale. */
  async touch(ids: string[], now: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('compliance_exports')
      .set({ heartbeat_at: now })
      .where('id', 'in', ids)
      .where('status', 'in', ['queued', 'running'])
      .execute();
  }

  async finish(id: string, size: number, now: number): Promise<boolean> {
    const res = await this.db
      .updateTable('compliance_exports')
      .set({ status: 'done', size, finished_at: now, heartbeat_at: now })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async fail(id: string, now: number): Promise<void> {
    await this.db
      .updateTable('compliance_exports')
      .set({ status: 'failed', finished_at: now })
      .where('id', '=', id)
      .where('status', 'in', ['queued', 'running'])
      .execute();
  }

  /** Jobs whose process stopped refreshing them before `cutoff` (a restart or a crash) become failed. */
  async failStale(cutoff: number, now: number): Promise<string[]> {
    const rows = await this.db
      .updateTable('compliance_exports')
      .set({ status: 'failed', finished_at: now })
      .where('status', 'in', ['queued', 'running'])
      .where('heartbeat_at', '<', cutoff)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  private selected(s: ExportSelection) {
    const q = this.db.selectFrom('messages').where('created_at', '>=', s.from).where('created_at', '<', s.to);
    return s.kind === 'room' ? q.where('room_id', '=', s.id) : q.where('sender_id', '=', s.id);
  }

  /** How many messages the export holds. */
  async countMessages(s: ExportSelection): Promise<number> {
    const row = await this.selected(s)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The next page of the export's messages after `after`, in order. */
  async messagePage(s: ExportSelection, after: ExportCursor | null, limit: number): Promise<MessageRow[]> {
    let q = this.selected(s).selectAll();
    if (s.kind === 'room') {
      if (after) q = q.where('seq', '>', after.seq);
      q = q.orderBy('seq');
    } else {
      if (after)
        q = q.where((eb) =>
          eb.or([
            eb('created_at', '>', after.at),
            eb.and([eb('created_at', '=', after.at), eb('id', '>', after.id)]),
          ]),
        );
      q = q.orderBy('created_at').orderBy('id');
    }
    return (await q.limit(limit).execute()).map(normalizeMessage);
  }

  /** Rooms by id, for names and the scope's description. */
  async rooms(ids: string[]) {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('rooms')
      .select(['id', 'kind', 'name', 'description', 'created_at', 'archived_at', 'legal_hold', 'e2e'])
      .where('id', 'in', ids)
      .execute();
  }
}
