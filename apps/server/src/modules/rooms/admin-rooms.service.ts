import type {
  AdminRoom,
  AdminRoomsResponse,
  AuditAction,
  RoomMember,
  RoomRemovedReason,
} from '@messenger/shared';
import { AppError } from '../../app-error.ts';
import type { ConversationRepos, UnitOfWork } from '../../db/unit-of-work.ts';
import type { UserRow } from '../users/users.repository.ts';
import { directPeopleIds, presentAdminRoom } from './admin-rooms.presenter.ts';
import type { ActivityCursor, AdminRoomRow, AdminRoomsRepository } from './admin-rooms.repository.ts';
import { presentMember } from './rooms.presenter.ts';
import type { RoomRow } from './rooms.repository.ts';
import type { RoomsService } from './rooms.service.ts';

export interface AdminRoomsServiceDeps {
  uow: UnitOfWork;
  /** The console's queries across every room. */
  adminRooms: AdminRoomsRepository;
  /** Announces a room's shared details (`room:changed`) after an archive or reopening. */
  rooms: Pick<RoomsService, 'announceRoom'>;
  events: { memberRemoved(roomId: string, userId: string, reason: RoomRemovedReason): void };
  /** Removes bytes, called only after the deletion committed: the room's files and its image. */
  bytes: {
    removeFiles(fileIds: string[]): Promise<void>;
    removeRoomImage(roomId: string, version: number): Promise<void>;
  };
  now: () => number;
}

type RoomSetting = Pick<RoomRow, 'archived_at' | 'legal_hold' | 'retention_days'>;

/**
 * The server admin's rooms (ADMIN-2, RET-2): every group and direct room listed with its figures, its
 * members, and the switches that only a server admin has: archive (read-only, kept), legal hold, the room's
 * own retention, and deletion. Each change is audited in its transaction; the route checks the caller is a
 * server admin.
 */
export class AdminRoomsService {
  private readonly d: AdminRoomsServiceDeps;

  constructor(deps: AdminRoomsServiceDeps) {
    this.d = deps;
  }

  private get repos(): ConversationRepos {
    return this.d.uow.repos;
  }

  /** A page of every room, latest activity first, optionally searched by name or a direct room's person. */
  async list(q: {
    q?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  }): Promise<AdminRoomsResponse> {
    const rows = await this.d.adminRooms.page(q.q?.trim() || undefined, decodeCursor(q.cursor), q.limit + 1);
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      rooms: await this.present(page),
      nextCursor:
        rows.length > q.limit && last
          ? encodeCursor({ at: Number(last.last_activity_at), id: last.id })
          : null,
    };
  }

  /** A room's members with role and joined time, longest-standing first. */
  async members(roomId: string): Promise<RoomMember[]> {
    await this.room(roomId);
    return (await this.repos.rooms.members(roomId)).map(presentMember);
  }

  /** Archives a room (read-only for everyone, kept) or reopens it; members hear it as `room:changed`. */
  async setArchived(admin: UserRow, roomId: string, archived: boolean): Promise<AdminRoom> {
    const room = await this.room(roomId);
    if ((room.archived_at !== null) === archived) return this.one(roomId);
    const action = archived ? 'room.archived' : 'room.unarchived';
    await this.change(admin, roomId, { archived_at: archived ? this.d.now() : null }, action);
    await this.d.rooms.announceRoom(roomId);
    return this.one(roomId);
  }

  /** Puts a room under legal hold (retention removes nothing, no deletion) or releases it (RET-2). */
  async setLegalHold(admin: UserRow, roomId: string, hold: boolean): Promise<AdminRoom> {
    const room = await this.room(roomId);
    if ((room.legal_hold === 1) === hold) return this.one(roomId);
    const action = hold ? 'room.legal_hold_set' : 'room.legal_hold_released';
    await this.change(admin, roomId, { legal_hold: hold ? 1 : 0 }, action);
    return this.one(roomId);
  }

  /** The room's own retention in days (0 = forever), or null for the server's setting (RET-2). */
  async setRetention(admin: UserRow, roomId: string, days: number | null): Promise<AdminRoom> {
    const room = await this.room(roomId);
    const from = room.retention_days === null ? null : Number(room.retention_days);
    if (from === days) return this.one(roomId);
    await this.change(admin, roomId, { retention_days: days }, 'room.retention_changed', { from, to: days });
    return this.one(roomId);
  }

  /**
   * Deletes a room with everything in it, unless it is under legal hold (`room.legal_hold`, decided in the
   * delete statement itself). Audited in the transaction; after the commit every member's tabs drop the room
   * (`room:removed`, reason `deleted`), then the files' bytes and the room image go.
   */
  async delete(admin: UserRow, roomId: string): Promise<void> {
    const room = await this.room(roomId);
    const gone = await this.d.uow.transaction(async (tx) => {
      const memberIds = await tx.rooms.memberIds(roomId);
      const fileIds = (await tx.files.idsOfRooms([roomId])).map((f) => f.id);
      const deleted = await tx.rooms.deleteUnlessHeld(roomId);
      if (!deleted) {
        if (await tx.rooms.findRoom(roomId)) throw new AppError('room.legal_hold');
        throw new AppError('room.not_found');
      }
      const detail = {
        kind: room.kind,
        name: room.name,
        members: memberIds.length,
        lastSeq: Number(room.last_seq),
      };
      await tx.audit.record({ actorId: admin.id, action: 'room.deleted', roomId, detail }, this.d.now());
      return { memberIds, fileIds, imageVersion: Math.abs(Number(deleted.image_version)) };
    });
    for (const userId of gone.memberIds) this.d.events.memberRemoved(roomId, userId, 'deleted');
    await this.d.bytes.removeFiles(gone.fileIds);
    if (gone.imageVersion > 0) await this.d.bytes.removeRoomImage(roomId, gone.imageVersion);
  }

  private async change(
    admin: UserRow,
    roomId: string,
    set: Partial<RoomSetting>,
    action: AuditAction,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    const now = this.d.now();
    await this.d.uow.transaction(async (tx) => {
      await tx.rooms.updateRoom(roomId, set);
      await tx.audit.record({ actorId: admin.id, action, roomId, ...(detail ? { detail } : {}) }, now);
    });
  }

  private async room(roomId: string): Promise<RoomRow> {
    const room = await this.repos.rooms.findRoom(roomId);
    if (!room) throw new AppError('room.not_found');
    return room;
  }

  private async one(roomId: string): Promise<AdminRoom> {
    const row = await this.d.adminRooms.find(roomId);
    if (!row) throw new AppError('room.not_found');
    return (await this.present([row]))[0]!;
  }

  private async present(rows: AdminRoomRow[]): Promise<AdminRoom[]> {
    const ids = [...new Set(rows.flatMap(directPeopleIds))];
    const users = new Map((await this.repos.users.findMany(ids)).map((u) => [u.id, u]));
    return rows.map((r) => presentAdminRoom(r, users));
  }
}

function encodeCursor(c: ActivityCursor): string {
  return Buffer.from(`${c.at}:${c.id}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): ActivityCursor | null {
  if (!cursor) return null;
  const m = /^(\d+):([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new AppError('request.invalid_query');
  return { at: Number(m[1]), id: m[2]! };
}
