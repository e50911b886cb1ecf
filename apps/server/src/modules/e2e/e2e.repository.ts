import type { Kysely, Selectable, Transaction } from 'kysely';
import { dialectOf } from '../../db/dialect.ts';
import type {
  Database,
  E2eCommitsTable,
  E2eDevicesTable,
  E2eGroupsTable,
  E2eIdentitiesTable,
  E2eWelcomesTable,
} from '../../db/schema.ts';

export type IdentityRow = Selectable<E2eIdentitiesTable>;
export type DeviceRow = Selectable<E2eDevicesTable>;
export type GroupRow = Selectable<E2eGroupsTable>;
export type CommitRow = Selectable<E2eCommitsTable>;
export type WelcomeRow = Selectable<E2eWelcomesTable>;

/** A key package handed out by a claim. */
export interface ClaimedRow {
  data: string;
  lastResort: boolean;
}

type Handle = Kysely<Database> | Transaction<Database>;

const num = <T extends Record<string, unknown>, K extends keyof T>(row: T, ...keys: K[]): T => {
  const out = { ...row };
  for (const k of keys) if (out[k] !== null) out[k] = Number(out[k]) as T[K];
  return out;
};
const device = (r: DeviceRow) => num(r, 'created_at', 'revoked_at');
const group = (r: GroupRow) => num(r, 'epoch', 'rekey_pending', 'updated_at');
const commit = (r: CommitRow) => num(r, 'epoch', 'created_at');
const welcome = (r: WelcomeRow) => num(r, 'epoch', 'created_at');

/**
 * All SQL of the MLS Delivery Service (E2E-20..E2E-29). It stores and returns opaque columns as they came;
 * the two races that matter are settled here by single statements: a key package claim is one delete
 * (PostgreSQL: of a row locked with `skip locked`), and a commit is one `epoch = epoch + 1 where epoch = $e`.
 */
export class E2eRepository {
  private readonly db: Handle;

  constructor(db: Handle) {
    this.db = db;
  }

  async identity(userId: string): Promise<IdentityRow | undefined> {
    const r = await this.db
      .selectFrom('e2e_identities')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return r && num(r, 'msk_version', 'updated_at');
  }

  async identities(userIds: string[]): Promise<IdentityRow[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('e2e_identities')
      .selectAll()
      .where('user_id', 'in', userIds)
      .orderBy('user_id')
      .execute();
    return rows.map((r) => num(r, 'msk_version', 'updated_at'));
  }

  /** Stores the first master key of a user; false if one exists already (a concurrent first registration). */
  async insertIdentity(userId: string, mskPub: string, now: number): Promise<boolean> {
    const r = await this.db
      .insertInto('e2e_identities')
      .values({ user_id: userId, msk_pub: mskPub, msk_version: 1, updated_at: now })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** Replaces the master key if it is still at `fromVersion`; the new version, or undefined if it moved. */
  async changeIdentity(
    userId: string,
    mskPub: string,
    fromVersion: number,
    now: number,
  ): Promise<number | undefined> {
    const r = await this.db
      .updateTable('e2e_identities')
      .set((eb) => ({ msk_pub: mskPub, msk_version: eb('msk_version', '+', 1), updated_at: now }))
      .where('user_id', '=', userId)
      .where('msk_version', '=', fromVersion)
      .returning('msk_version')
      .executeTakeFirst();
    return r && Number(r.msk_version);
  }

  async device(id: string): Promise<DeviceRow | undefined> {
    const r = await this.db.selectFrom('e2e_devices').selectAll().where('id', '=', id).executeTakeFirst();
    return r && device(r);
  }

  async insertDevice(row: DeviceRow): Promise<void> {
    await this.db.insertInto('e2e_devices').values(row).execute();
  }

  async devicesOf(userIds: string[]): Promise<DeviceRow[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('e2e_devices')
      .selectAll()
      .where('user_id', 'in', userIds)
      .orderBy('user_id')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(device);
  }

  /** Revokes a device and drops its key packages and waiting welcomes; false if already revoked. */
  async revokeDevice(id: string, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('e2e_devices')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await this.db.deleteFrom('e2e_key_packages').where('device_id', '=', id).execute();
    await this.db.deleteFrom('e2e_welcome_recipients').where('device_id', '=', id).execute();
    return true;
  }

  /** The encrypted rooms the user is a member of (E2E-44: whose channels hear of a new device). */
  async e2eRoomIdsOf(userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('room_members as m')
      .innerJoin('rooms as r', 'r.id', 'm.room_id')
      .where('m.user_id', '=', userId)
      .where('r.e2e', '=', 1)
      .select('m.room_id')
      .execute();
    return rows.map((r) => r.room_id);
  }

  /** Everyone who shares at least one room with the user, the user included. */
  async sharingUserIds(userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('room_members as mine')
      .innerJoin('room_members as other', 'other.room_id', 'mine.room_id')
      .where('mine.user_id', '=', userId)
      .select('other.user_id')
      .distinct()
      .execute();
    return [...new Set([userId, ...rows.map((r) => r.user_id)])];
  }

  /** Of `userIds`, those who share a room with the user (the user counts). */
  async sharingOf(userId: string, userIds: string[]): Promise<Set<string>> {
    const others = userIds.filter((id) => id !== userId);
    const shared = new Set(userIds.includes(userId) ? [userId] : []);
    if (others.length === 0) return shared;
    const rows = await this.db
      .selectFrom('room_members as mine')
      .innerJoin('room_members as other', 'other.room_id', 'mine.room_id')
      .where('mine.user_id', '=', userId)
      .where('other.user_id', 'in', others)
      .select('other.user_id')
      .distinct()
      .execute();
    for (const r of rows) shared.add(r.user_id);
    return shared;
  }

  async insertKeyPackages(
    rows: { id: string; device_id: string; data: string; last_resort: number; created_at: number }[],
  ): Promise<void> {
    await this.db.insertInto('e2e_key_packages').values(rows).execute();
  }

  /** Drops a device's last-resort package (a new one replaces it). */
  async deleteLastResort(deviceId: string): Promise<void> {
    await this.db
      .deleteFrom('e2e_key_packages')
      .where('device_id', '=', deviceId)
      .where('last_resort', '=', 1)
      .execute();
  }

  /** A device's unused ordinary packages, and whether it has a last-resort one. */
  async stock(deviceId: string): Promise<{ ordinary: number; lastResort: boolean }> {
    const rows = await this.db
      .selectFrom('e2e_key_packages')
      .select(['last_resort', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('device_id', '=', deviceId)
      .groupBy('last_resort')
      .execute();
    const count = (lr: number) => Number(rows.find((r) => Number(r.last_resort) === lr)?.n ?? 0);
    return { ordinary: count(0), lastResort: count(1) > 0 };
  }

  /**
   * Takes one ordinary key package of the device, deleting it in the same statement, so each is handed out
   * once however many claims run at once (PostgreSQL skips rows another claim holds; SQLite runs one
   * statement at a time). With none left, the last-resort package is returned and kept.
   */
  async claim(deviceId: string): Promise<ClaimedRow | undefined> {
    const db = this.db;
    const oldest = db
      .selectFrom('e2e_key_packages')
      .select('id')
      .where('device_id', '=', deviceId)
      .where('last_resort', '=', 0)
      .orderBy('id')
      .limit(1);
    const pick = dialectOf(db).pick({ sqlite: oldest, postgres: oldest.forUpdate().skipLocked() });
    const taken = await db
      .deleteFrom('e2e_key_packages')
      .where('id', '=', pick)
      .returning('data')
      .executeTakeFirst();
    if (taken) return { data: taken.data, lastResort: false };
    const last = await db
      .selectFrom('e2e_key_packages')
      .select('data')
      .where('device_id', '=', deviceId)
      .where('last_resort', '=', 1)
      .executeTakeFirst();
    return last && { data: last.data, lastResort: true };
  }

  async group(roomId: string): Promise<GroupRow | undefined> {
    const r = await this.db
      .selectFrom('e2e_groups')
      .selectAll()
      .where('room_id', '=', roomId)
      .executeTakeFirst();
    return r && group(r);
  }

  /**
   * The group row, held until the transaction ends against a commit moving its epoch (PostgreSQL: a share
   * lock, so sends do not wait on each other; SQLite: the writer lock of the transaction).
   */
  async groupForSend(roomId: string): Promise<GroupRow | undefined> {
    const q = this.db.selectFrom('e2e_groups').selectAll().where('room_id', '=', roomId);
    const r = await dialectOf(this.db).pick({ sqlite: q, postgres: q.forShare() }).executeTakeFirst();
    return r && group(r);
  }

  /** Makes the group at epoch 0; false if the room has one already (or the group id is taken). */
  async insertGroup(row: Omit<GroupRow, 'rekey_pending'>): Promise<boolean> {
    const r = await this.db
      .insertInto('e2e_groups')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /**
   * The compare-and-set that orders commits (E2E-25): moves the group from `epoch` to `epoch + 1`, stores the
   * new GroupInfo and clears a pending removal. True for exactly one caller per epoch.
   */
  async advanceEpoch(roomId: string, epoch: number, groupInfo: string, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('e2e_groups')
      .set((eb) => ({ epoch: eb('epoch', '+', 1), group_info: groupInfo, rekey_pending: 0, updated_at: now }))
      .where('room_id', '=', roomId)
      .where('epoch', '=', epoch)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** A member left or was removed: messages wait for the next commit (E2E-27). No group: nothing. */
  async markRekeyPending(roomId: string, now: number): Promise<void> {
    await this.db
      .updateTable('e2e_groups')
      .set({ rekey_pending: 1, updated_at: now })
      .where('room_id', '=', roomId)
      .execute();
  }

  async insertCommit(row: CommitRow): Promise<void> {
    await this.db.insertInto('e2e_commits').values(row).execute();
  }

  /** Commits made at `since` or later, oldest first. */
  async commitsSince(roomId: string, since: number, limit: number): Promise<CommitRow[]> {
    const rows = await this.db
      .selectFrom('e2e_commits')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('epoch', '>=', since)
      .orderBy('epoch')
      .limit(limit)
      .execute();
    return rows.map(commit);
  }

  /** Forgets commits older than `before` (the handshake log's retention, E2E-26); how many. */
  async pruneCommits(before: number): Promise<number> {
    const r = await this.db.deleteFrom('e2e_commits').where('created_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Stores a welcome once, waiting for each of `deviceIds`. */
  async insertWelcome(row: WelcomeRow, deviceIds: string[]): Promise<void> {
    await this.db.insertInto('e2e_welcomes').values(row).execute();
    await this.db
      .insertInto('e2e_welcome_recipients')
      .values(deviceIds.map((device_id) => ({ welcome_id: row.id, device_id })))
      .execute();
  }

  /** The welcomes waiting for a device, oldest first. */
  async welcomesFor(deviceId: string): Promise<WelcomeRow[]> {
    const rows = await this.db
      .selectFrom('e2e_welcome_recipients as r')
      .innerJoin('e2e_welcomes as w', 'w.id', 'r.welcome_id')
      .where('r.device_id', '=', deviceId)
      .selectAll('w')
      .orderBy('w.created_at')
      .orderBy('w.id')
      .execute();
    return rows.map(welcome);
  }

  /** The device has taken the welcome; the welcome itself goes with its last recipient. */
  async deleteWelcome(deviceId: string, id: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('e2e_welcome_recipients')
      .where('welcome_id', '=', id)
      .where('device_id', '=', deviceId)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) return false;
    await this.db
      .deleteFrom('e2e_welcomes')
      .where('id', '=', id)
      .where((eb) =>
        eb.not(
          eb.exists(eb.selectFrom('e2e_welcome_recipients').select('device_id').where('welcome_id', '=', id)),
        ),
      )
      .execute();
    return true;
  }

  /** Forgets welcomes older than `before` (not taken within the handshake log's retention); how many. */
  async pruneWelcomes(before: number): Promise<number> {
    const r = await this.db.deleteFrom('e2e_welcomes').where('created_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
