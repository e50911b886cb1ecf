import type { AuditAction } from '@messenger/shared';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { dialectOf } from '../../db/dialect.ts';
import { chainHash, verifyAuditChain, type ChainVerdict } from './audit-chain.ts';
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

/** What the server-wide log is filtered by (AUDIT-2); every part optional. */
export interface AuditFilter {
  actorId?: string | undefined;
  /** One action, or a family (`auth` matches `auth.*`). */
  action?: string | undefined;
  roomId?: string | undefined;
  /** Epoch ms, inclusive. */
  from?: number | undefined;
  /** Epoch ms, exclusive. */
  to?: number | undefined;
}

/** The audit log: security-relevant and administrative actions, append-only. */
export class AuditRepository {
  private readonly db: Handle;
  /** Entries held until `flush` (a unit of work's transaction appends them last). */
  private readonly deferred: { entry: AuditEntry; now: number }[] | null;

  /** `defer`: hold entries until `flush`, so the chain head is the last lock the transaction takes. */
  constructor(db: Handle, opts: { defer?: boolean } = {}) {
    this.db = db;
    this.deferred = opts.defer ? [] : null;
  }

  /**
   * Appends one entry to the hash chain (AUDIT-1): in the caller's transaction when there is one (so it commits
   * or rolls back with the action), else in its own. The chain head is locked until the commit, so concurrent
   * writers on several processes chain one after another. In a unit of work the entry waits for `flush`, at
   * the end of the transaction: every transaction takes the chain head after its other locks, never before
   * one, so two of them cannot wait on each other.
   */
  async record(entry: AuditEntry, now: number): Promise<void> {
    if (this.deferred) this.deferred.push({ entry, now });
    else await this.append(entry, now);
  }

  /** Appends the held entries, in the order they were recorded (the unit of work calls it before commit). */
  async flush(): Promise<void> {
    if (!this.deferred) return;
    for (const { entry, now } of this.deferred.splice(0)) await this.append(entry, now);
  }

  private async append(entry: AuditEntry, now: number): Promise<void> {
    const append = async (h: Handle): Promise<void> => {
      const head = await dialectOf(h)
        .forUpdate(h.selectFrom('audit_chain').select(['seq', 'hash']).where('id', '=', 1))
        .executeTakeFirstOrThrow();
      const fields = {
        seq: Number(head.seq) + 1,
        id: uuidv7(),
        created_at: now,
        actor_id: entry.actorId,
        action: entry.action,
        room_id: entry.roomId ?? null,
        target_id: entry.targetId ?? null,
        detail: JSON.stringify(entry.detail ?? {}),
        prev_hash: head.hash,
      };
      const hash = chainHash(fields);
      await h
        .insertInto('audit_log')
        .values({ ...fields, hash })
        .execute();
      await h.updateTable('audit_chain').set({ seq: fields.seq, hash }).where('id', '=', 1).execute();
    };
    if (this.db.isTransaction) await append(this.db);
    else await this.db.transaction().execute(append);
  }

  /** Checks the whole hash chain (AUDIT-1; `messenger audit verify`). */
  async verify(pageSize?: number): Promise<ChainVerdict> {
    return verifyAuditChain(
      {
        page: (after, upTo, limit) =>
          this.db
            .selectFrom('audit_log')
            .selectAll()
            .where('seq', '>', after)
            .where('seq', '<=', upTo)
            .orderBy('seq')
            .limit(limit)
            .execute(),
        head: async () =>
          (await this.db
            .selectFrom('audit_chain')
            .select(['seq', 'hash'])
            .where('id', '=', 1)
            .executeTakeFirst()) ?? null,
        unchained: async () =>
          Number(
            (
              await this.db
                .selectFrom('audit_log')
                .select((eb) => eb.fn.countAll().as('n'))
                .where((eb) => eb.or([eb('seq', 'is', null), eb('hash', 'is', null)]))
                .executeTakeFirstOrThrow()
            ).n,
          ),
      },
      pageSize,
    );
  }

  /** Entries matching `filter`, newest (highest `seq`) first, below `beforeSeq` (AUDIT-2). */
  async search(filter: AuditFilter, beforeSeq: number | null, limit: number): Promise<AuditRow[]> {
    let q = this.db.selectFrom('audit_log').selectAll();
    if (beforeSeq !== null) q = q.where('seq', '<', beforeSeq);
    if (filter.actorId) q = q.where('actor_id', '=', filter.actorId);
    if (filter.roomId) q = q.where('room_id', '=', filter.roomId);
    if (filter.action)
      q = filter.action.includes('.')
        ? q.where('action', '=', filter.action)
        : q.where('action', 'like', `${filter.action}.%`);
    if (filter.from !== undefined) q = q.where('created_at', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('created_at', '<', filter.to);
    const rows = await q.orderBy('seq', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...r, created_at: Number(r.created_at), seq: Number(r.seq) }));
  }

  /** Every entry matching `filter`, newest first, a page per query: an export holds one page in memory. */
  async *pages(filter: AuditFilter, pageSize: number): AsyncGenerator<AuditRow[]> {
    let before: number | null = null;
    for (;;) {
      const page = await this.search(filter, before, pageSize);
      if (page.length > 0) yield page;
      if (page.length < pageSize) return;
      before = page.at(-1)!.seq;
    }
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
