import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, E2eSecretStoresTable, E2eVerifiedMarksTable } from '../../db/schema.ts';

export type SecretStoreRow = Selectable<E2eSecretStoresTable>;
export type VerifiedMarkRow = Omit<Selectable<E2eVerifiedMarksTable>, 'user_id'>;

type Handle = Kysely<Database> | Transaction<Database>;

/**
 * All SQL of recovery (E2E-63..E2E-66): the secret store's compare-and-set and the history entries'
 * idempotent insert. Blobs are stored and returned as they came.
 */
export class E2eBackupRepository {
  private readonly db: Handle;

  constructor(db: Handle) {
    this.db = db;
  }

  async secretStore(userId: string): Promise<SecretStoreRow | undefined> {
    const r = await this.db
      .selectFrom('e2e_secret_stores')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return (
      r && {
        ...r,
        version: Number(r.version),
        created_at: Number(r.created_at),
        updated_at: Number(r.updated_at),
      }
    );
  }

  /**
   * Stores `blob` as version `fromVersion + 1` if the user's store is still at `fromVersion` (0: none yet).
   * One statement each, so of two devices racing from the same version exactly one wins. False if it moved.
   */
  async putSecretStore(userId: string, fromVersion: number, blob: string, now: number): Promise<boolean> {
    if (fromVersion === 0) {
      const r = await this.db
        .insertInto('e2e_secret_stores')
        .values({ user_id: userId, version: 1, blob, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    }
    const r = await this.db
      .updateTable('e2e_secret_stores')
      .set({ version: fromVersion + 1, blob, updated_at: now })
      .where('user_id', '=', userId)
      .where('version', '=', fromVersion)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Inserts entries; one already there for the same user, room and epoch stays. Returns how many were new. */
  async insertHistoryKeys(
    userId: string,
    entries: { roomId: string; epoch: number; blob: string }[],
    now: number,
  ): Promise<number> {
    if (entries.length === 0) return 0;
    const r = await this.db
      .insertInto('e2e_history_keys')
      .values(
        entries.map((e) => ({
          user_id: userId,
          room_id: e.roomId,
          epoch: e.epoch,
          blob: e.blob,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['user_id', 'room_id', 'epoch']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  }

  /** The user's entries of a room with epochs above `after`, in epoch order, at most `limit`. */
  async historyKeys(
    userId: string,
    roomId: string,
    after: number,
    limit: number,
  ): Promise<{ epoch: number; blob: string }[]> {
    const rows = await this.db
      .selectFrom('e2e_history_keys')
      .select(['epoch', 'blob'])
      .where('user_id', '=', userId)
      .where('room_id', '=', roomId)
      .where('epoch', '>', after)
      .orderBy('epoch')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ epoch: Number(r.epoch), blob: r.blob }));
  }

  /**
   * Deletes the room's history entries, of every user, for epochs no message left in the room was sent in
   * (E2E-66): below the epoch of its first encrypted message left (epochs only grow along the sequence), or,
   * with none left, below the group's epoch now (which new messages still use). A first message of unknown
   * epoch (sent before epochs were kept) keeps them all. Returns how many entries went.
   */
  async shredHistoryKeys(roomId: string): Promise<number> {
    const first = await this.db
      .selectFrom('messages')
      .select('e2e_epoch')
      .where('room_id', '=', roomId)
      .where('kind', '=', 'e2e')
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    let bound: number | null = null;
    if (first) bound = first.e2e_epoch === null ? null : Number(first.e2e_epoch);
    else {
      const group = await this.db
        .selectFrom('e2e_groups')
        .select('epoch')
        .where('room_id', '=', roomId)
        .executeTakeFirst();
      bound = group ? Number(group.epoch) : null;
    }
    if (bound === null || bound <= 0) return 0;
    const r = await this.db
      .deleteFrom('e2e_history_keys')
      .where('room_id', '=', roomId)
      .where('epoch', '<', bound)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** The user's verified marks (E2E-89), by target. */
  async verifiedMarks(userId: string): Promise<VerifiedMarkRow[]> {
    const rows = await this.db
      .selectFrom('e2e_verified_marks')
      .select(['target_user_id', 'msk_pub', 'sig', 'updated_at'])
      .where('user_id', '=', userId)
      .orderBy('target_user_id')
      .execute();
    return rows.map((r) => ({ ...r, updated_at: Number(r.updated_at) }));
  }

  /** Keeps the user's mark for the target, replacing the one before. */
  async putVerifiedMark(userId: string, mark: VerifiedMarkRow): Promise<void> {
    await this.db
      .insertInto('e2e_verified_marks')
      .values({ user_id: userId, ...mark })
      .onConflict((oc) =>
        oc
          .columns(['user_id', 'target_user_id'])
          .doUpdateSet({ msk_pub: mark.msk_pub, sig: mark.sig, updated_at: mark.updated_at }),
      )
      .execute();
  }
}
