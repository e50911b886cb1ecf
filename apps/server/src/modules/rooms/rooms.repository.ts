import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { UNREAD_KINDS } from '@messenger/shared';
import { hotStatements, type HotStatements } from '../../db/database.ts';
import { dialectOf } from '../../db/dialect.ts';
import type { Database, RoomMembersTable, RoomsTable } from '../../db/schema.ts';
import type { UserRow } from '../users/users.repository.ts';

export type RoomRow = Selectable<RoomsTable>;
export type MemberRow = Selectable<RoomMembersTable>;
export type MemberWithUser = MemberRow & { user: UserRow };

type Handle = Kysely<Database> | Transaction<Database>;

/** Per-room figures of one member's room list. */
export interface RoomListExtras {
  memberCounts: Map<string, number>;
  unreadCounts: Map<string, number>;
  mentionedRooms: Set<string>;
  directPeers: Map<string, UserRow>;
}

/** All SQL about rooms and memberships. */
export class RoomsRepository {
  private readonly db: Handle;
  /** SQLite outside transactions: the membership check of every history page skips query building. */
  private readonly hot: HotStatements | undefined;

  constructor(db: Handle) {
    this.db = db;
    this.hot = hotStatements(db);
  }

  async insertRoom(row: RoomRow): Promise<void> {
    await this.db.insertInto('rooms').values(row).execute();
  }

  async findRoom(id: string): Promise<RoomRow | undefined> {
    return this.db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findDirect(directKey: string): Promise<RoomRow | undefined> {
    return this.db.selectFrom('rooms').selectAll().where('direct_key', '=', directKey).executeTakeFirst();
  }

  async rename(id: string, name: string): Promise<void> {
    await this.db.updateTable('rooms').set({ name }).where('id', '=', id).execute();
  }

  /**
   * Changes a room's shared settings (ADM-1) or its administration (archive, legal hold, retention; ADMIN-2);
   * fields left undefined stay.
   */
  async updateRoom(
    id: string,
    set: Partial<
      Pick<
        RoomRow,
        | 'name'
        | 'description'
        | 'invite_policy'
        | 'post_policy'
        | 'archived_at'
        | 'legal_hold'
        | 'retention_days'
      >
    >,
  ): Promise<void> {
    await this.db.updateTable('rooms').set(set).where('id', '=', id).execute();
  }

  /**
   * Gives the room image its next version and returns it; versions only grow, also across a removal (which
   * keeps the last one, negated), so an image URL never comes back with other bytes (ADM-2).
   */
  async bumpImageVersion(id: string): Promise<number> {
    const r = await this.db
      .updateTable('rooms')
      .set({ image_version: sql<number>`abs(image_version) + 1` })
      .where('id', '=', id)
      .returning('image_version')
      .executeTakeFirstOrThrow();
    return Number(r.image_version);
  }

  /**
   * The room image's version, read with the room's row locked until the transaction ends (PostgreSQL; on
   * SQLite the transaction alone keeps others out): no image change can give or commit a version meanwhile.
   * Undefined for a gone room.
   */
  async lockImageVersion(id: string): Promise<number | undefined> {
    const q = this.db.selectFrom('rooms').select('image_version').where('id', '=', id);
    const r = await dialectOf(this.db).forUpdate(q).executeTakeFirst();
    return r && Number(r.image_version);
  }

  /** Removes the room image (its version, kept negated); returns the version it had, or 0 if none. */
  async retireImage(id: string): Promise<number> {
    const r = await this.db
      .updateTable('rooms')
      .set({ image_version: sql<number>`-image_version` })
      .where('id', '=', id)
      .where('image_version', '>', 0)
      .returning('image_version')
      .executeTakeFirst();
    return r ? -Number(r.image_version) : 0;
  }

  /**
   * Deletes these rooms if they still have no member and are neither under legal hold nor archived (checked
   * in the statement, so a concurrent join, hold or archive wins and two cleaners cannot both claim a room);
   * returns the deleted rooms. Messages, members and file rows go with them (foreign keys cascade).
   */
  async deleteIfEmpty(ids: string[]): Promise<Pick<RoomRow, 'id' | 'image_version'>[]> {
    if (ids.length === 0) return [];
    return this.db
      .deleteFrom('rooms')
      .where('id', 'in', ids)
      .where('legal_hold', '=', 0)
      .where('archived_at', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('room_members').select('user_id').whereRef('room_members.room_id', '=', 'rooms.id'),
          ),
        ),
      )
      .returning(['id', 'image_version'])
      .execute();
  }

  /**
   * Deletes a room unless it is under legal hold (checked in the statement, so a hold set meanwhile wins);
   * returns what it was, or undefined when nothing was deleted. Messages, members and file rows go with it
   * (foreign keys cascade).
   */
  async deleteUnlessHeld(id: string): Promise<Pick<RoomRow, 'id' | 'image_version'> | undefined> {
    return this.db
      .deleteFrom('rooms')
      .where('id', '=', id)
      .where('legal_hold', '=', 0)
      .returning(['id', 'image_version'])
      .executeTakeFirst();
  }

  /**
   * The room's legal hold and own retention, its row locked until the transaction ends (`for update` on
   * PostgreSQL; SQLite's one writer): a retention batch and a hold or retention change go one after the other.
   */
  async lockRetention(
    id: string,
  ): Promise<Pick<RoomRow, 'legal_hold' | 'retention_days' | 'e2e'> | undefined> {
    const q = this.db
      .selectFrom('rooms')
      .select(['legal_hold', 'retention_days', 'e2e'])
      .where('id', '=', id);
    return dialectOf(this.db).forUpdate(q).executeTakeFirst();
  }

  /** Rooms nobody belongs to any more, unless under legal hold or archived: those are kept (ADM-7, RET-2). */
  async emptyRoomIds(limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('rooms')
      .select('id')
      .where('legal_hold', '=', 0)
      .where('archived_at', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('room_members').select('user_id').whereRef('room_members.room_id', '=', 'rooms.id'),
          ),
        ),
      )
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Rooms among these ids that exist, with their image version. */
  async imageVersions(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('rooms')
      .select(['id', 'image_version'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, Number(r.image_version)]));
  }

  /** Reserves the next sequence and revision of a room (a row lock on PostgreSQL serializes senders). */
  async nextSeqAndRev(
    roomId: string,
    now: number,
  ): Promise<{
    seq: number;
    rev: number;
    post_policy: RoomRow['post_policy'];
    archived_at: RoomRow['archived_at'];
    e2e: RoomRow['e2e'];
  }> {
    const r = await this.db
      .updateTable('rooms')
      .set((eb) => ({
        last_seq: eb('last_seq', '+', 1),
        last_rev: eb('last_rev', '+', 1),
        last_activity_at: now,
      }))
      .where('id', '=', roomId)
      // The post policy and archive state come with the counters: a post checks them without reading the room again.
      .returning(['last_seq', 'last_rev', 'post_policy', 'archived_at', 'e2e'])
      .executeTakeFirstOrThrow();
    return {
      seq: Number(r.last_seq),
      rev: Number(r.last_rev),
      post_policy: r.post_policy,
      archived_at: r.archived_at === null ? null : Number(r.archived_at),
      e2e: Number(r.e2e),
    };
  }

  /** Reserves `n` consecutive revisions of a room; returns the first. */
  async reserveRevs(roomId: string, n: number): Promise<number> {
    const r = await this.db
      .updateTable('rooms')
      .set((eb) => ({ last_rev: eb('last_rev', '+', n) }))
      .where('id', '=', roomId)
      .returning('last_rev')
      .executeTakeFirstOrThrow();
    return Number(r.last_rev) - n + 1;
  }

  /** Reserves the next revision of a room (a change to an existing message). */
  async nextRev(roomId: string): Promise<number> {
    const r = await this.db
      .updateTable('rooms')
      .set((eb) => ({ last_rev: eb('last_rev', '+', 1) }))
      .where('id', '=', roomId)
      .returning('last_rev')
      .executeTakeFirstOrThrow();
    return Number(r.last_rev);
  }

  async member(roomId: string, userId: string): Promise<MemberRow | undefined> {
    if (this.hot?.ready) {
      const sql = 'SELECT * FROM room_members WHERE room_id = ? AND user_id = ?';
      return this.hot.get<MemberRow>(sql, roomId, userId);
    }
    return this.db
      .selectFrom('room_members')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  /** Members with their users, longest-standing first. */
  async members(roomId: string): Promise<MemberWithUser[]> {
    const rows = await this.db
      .selectFrom('room_members')
      .selectAll()
      .where('room_id', '=', roomId)
      .orderBy('joined_at')
      .orderBy('user_id')
      .execute();
    if (rows.length === 0) return [];
    const users = await this.db
      .selectFrom('users')
      .selectAll()
      .where(
        'id',
        'in',
        rows.map((r) => r.user_id),
      )
      .execute();
    const byId = new Map(users.map((u) => [u.id, u]));
    return rows.map((r) => ({ ...r, user: byId.get(r.user_id)! }));
  }

  async memberIds(roomId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('room_members')
      .select('user_id')
      .where('room_id', '=', roomId)
      .execute();
    return rows.map((r) => r.user_id);
  }

  /** The member ids of several rooms, in one query; a room without members maps to an empty set. */
  async memberIdsOf(roomIds: string[]): Promise<Map<string, Set<string>>> {
    const out = new Map(roomIds.map((id) => [id, new Set<string>()]));
    if (roomIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('room_members')
      .select(['room_id', 'user_id'])
      .where('room_id', 'in', roomIds)
      .execute();
    for (const r of rows) out.get(r.room_id)?.add(r.user_id);
    return out;
  }

  async addMembers(rows: MemberRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('room_members')
      .values(rows)
      .onConflict((oc) => oc.columns(['room_id', 'user_id']).doNothing())
      .execute();
  }

  /**
   * Removes a membership and returns the role it had, or undefined if there was none. One statement, so a
   * removal that another transaction made first (PostgreSQL: waited for on the row's lock) gives undefined.
   */
  async removeMember(roomId: string, userId: string): Promise<MemberRow['role'] | undefined> {
    const r = await this.db
      .deleteFrom('room_members')
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .returning('role')
      .executeTakeFirst();
    return r?.role;
  }

  async setRole(roomId: string, userId: string, role: MemberRow['role']): Promise<void> {
    await this.db
      .updateTable('room_members')
      .set({ role })
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .execute();
  }

  async updateSettings(
    roomId: string,
    userId: string,
    set: { pinned?: number; muted?: number },
  ): Promise<void> {
    await this.db
      .updateTable('room_members')
      .set(set)
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .execute();
  }

  /** Moves a watermark forward only (never back), capped at the room's last sequence; returns the new value. */
  async advanceRead(roomId: string, userId: string, seq: number): Promise<number | null> {
    const room = await this.findRoom(roomId);
    if (!room) return null;
    const target = Math.min(seq, Number(room.last_seq));
    await this.db
      .updateTable('room_members')
      .set({ last_read_seq: target })
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .where('last_read_seq', '<', target)
      .execute();
    const m = await this.member(roomId, userId);
    return m ? Number(m.last_read_seq) : null;
  }

  /** Raises a watermark to `seq` (known to exist) if it is lower; one statement, for the send path. */
  async raiseRead(roomId: string, userId: string, seq: number): Promise<void> {
    await this.db
      .updateTable('room_members')
      .set({ last_read_seq: seq })
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .where('last_read_seq', '<', seq)
      .execute();
  }

  /** The user's memberships with their rooms. */
  async roomsOf(userId: string): Promise<{ room: RoomRow; member: MemberRow }[]> {
    const members = await this.db
      .selectFrom('room_members')
      .selectAll()
      .where('user_id', '=', userId)
      .execute();
    if (members.length === 0) return [];
    const rooms = await this.db
      .selectFrom('rooms')
      .selectAll()
      .where(
        'id',
        'in',
        members.map((m) => m.room_id),
      )
      .execute();
    const byId = new Map(rooms.map((r) => [r.id, r]));
    return members.map((member) => ({ room: byId.get(member.room_id)!, member }));
  }

  /** Ids of the rooms a user belongs to. */
  async roomIdsOf(userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('room_members')
      .select('room_id')
      .where('user_id', '=', userId)
      .execute();
    return rows.map((r) => r.room_id);
  }

  /** Member counts, unread counts, mention markers and direct peers for a user's rooms, in four queries. */
  async listExtras(userId: string, roomIds: string[]): Promise<RoomListExtras> {
    const extras: RoomListExtras = {
      memberCounts: new Map(),
      unreadCounts: new Map(),
      mentionedRooms: new Set(),
      directPeers: new Map(),
    };
    if (roomIds.length === 0) return extras;
    const counts = await this.db
      .selectFrom('room_members')
      .select(['room_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('room_id', 'in', roomIds)
      .groupBy('room_id')
      .execute();
    for (const c of counts) extras.memberCounts.set(c.room_id, Number(c.n));

    const unread = await this.db
      .selectFrom('messages as msg')
      .innerJoin('room_members as me', (j) =>
        j.onRef('me.room_id', '=', 'msg.room_id').on('me.user_id', '=', userId),
      )
      .select(['msg.room_id', (eb) => eb.fn.countAll<number>().as('n')])
      .whereRef('msg.seq', '>', 'me.last_read_seq')
      .where('msg.kind', 'in', UNREAD_KINDS)
      .where('msg.deleted_at', 'is', null)
      .where((eb) => eb.or([eb('msg.sender_id', 'is', null), eb('msg.sender_id', '!=', userId)]))
      .groupBy('msg.room_id')
      .execute();
    for (const u of unread) extras.unreadCounts.set(u.room_id, Number(u.n));

    const mentioned = await this.db
      .selectFrom('message_mentions as mm')
      .innerJoin('room_members as me', (j) =>
        j.onRef('me.room_id', '=', 'mm.room_id').on('me.user_id', '=', userId),
      )
      .select('mm.room_id')
      .distinct()
      .where('mm.user_id', '=', userId)
      .whereRef('mm.seq', '>', 'me.last_read_seq')
      .execute();
    for (const m of mentioned) extras.mentionedRooms.add(m.room_id);

    const peers = await this.db
      .selectFrom('room_members as m')
      .innerJoin('rooms as r', 'r.id', 'm.room_id')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .selectAll('u')
      .select('m.room_id')
      .where('r.kind', '=', 'direct')
      .where('m.room_id', 'in', roomIds)
      .where('m.user_id', '!=', userId)
      .execute();
    for (const p of peers) {
      const { room_id, ...user } = p;
      extras.directPeers.set(room_id, user);
    }
    return extras;
  }
}
