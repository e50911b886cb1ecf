import type { Readable } from 'node:stream';
import { type RoomAuditResponse, type RoomSummary, type UpdateRoomBody } from '@messenger/shared';
import type { z } from 'zod';
import { AppError } from '../../app-error.ts';
import type { ConversationRepos, UnitOfWork } from '../../db/unit-of-work.ts';
import type { AuditRow } from '../audit/audit.repository.ts';
import type { FileStorage } from '../files/file-storage.ts';
import { stageSquareImage } from '../files/square-image.ts';
import { peopleOf, auditCsvHead, auditCsvRows, presentAuditEntry } from '../audit/audit.presenter.ts';
import { requireMember } from './membership.ts';
import { requireManager, requireOpen } from './rooms.policy.ts';
import type { RoomRow } from './rooms.repository.ts';
import type { RoomsService } from './rooms.service.ts';
import type { Timeline } from '../timeline/timeline.ts';

type UpdateInput = z.output<typeof UpdateRoomBody>;

export interface RoomAdminServiceDeps {
  uow: UnitOfWork;
  rooms: RoomsService;
  /** Writes and announces the `renamed` system message. */
  timeline: Timeline;
  storage: FileStorage;
  now: () => number;
  /** Audit rows read per query by the CSV export (ADM-6); tests make it small. */
  auditCsvPageSize?: number;
}

const AUDIT_CSV_PAGE = 500;

/**
 * A group's shared settings for its admins: name, description, image, who may invite and who may post
 * (ADM-1..4), and the room's audit log (ADM-6). Every change is audited in its transaction and announced
 * as `room:changed` after the commit; clients never apply one before the server says so.
 */
export class RoomAdminService {
  private readonly d: RoomAdminServiceDeps;

  constructor(deps: RoomAdminServiceDeps) {
    this.d = deps;
  }

  private get repos(): ConversationRepos {
    return this.d.uow.repos;
  }

  /** The room, if the caller manages it (`room.admin_required` otherwise). */
  private async managed(userId: string, roomId: string): Promise<RoomRow> {
    const member = await requireMember(this.repos, roomId, userId);
    const room = (await this.repos.rooms.findRoom(roomId))!;
    requireManager(room, member);
    return room;
  }

  /** The room, if the caller manages it and it is not archived (settings of an archived room stay, ADMIN-2). */
  private async changeable(userId: string, roomId: string): Promise<RoomRow> {
    const room = await this.managed(userId, roomId);
    requireOpen(room);
    return room;
  }

  private async summary(userId: string, roomId: string): Promise<RoomSummary> {
    return (await this.d.rooms.detail(userId, roomId)).room;
  }

  /** Changes the fields sent; a new name also writes the `renamed` system message (ROOM-6). */
  async update(userId: string, roomId: string, input: UpdateInput): Promise<RoomSummary> {
    const room = await this.changeable(userId, roomId);
    const set: Parameters<ConversationRepos['rooms']['updateRoom']>[1] = {};
    const detail: Record<string, { from: unknown; to: unknown }> = {};
    const change = <K extends 'name' | 'description' | 'invite_policy' | 'post_policy'>(
      column: K,
      key: string,
      value: RoomRow[K] | undefined,
    ): void => {
      if (value === undefined || value === room[column]) return;
      set[column] = value as never;
      detail[key] = { from: room[column], to: value };
    };
    change('name', 'name', input.name);
    change('description', 'description', input.description);
    change('invite_policy', 'invitePolicy', input.invitePolicy);
    change('post_policy', 'postPolicy', input.postPolicy);
    if (Object.keys(detail).length === 0) return this.summary(userId, roomId);
    const now = this.d.now();
    const system = await this.d.uow.transaction(async (tx) => {
      await tx.rooms.updateRoom(roomId, set);
      await tx.audit.record({ actorId: userId, action: 'room.settings_changed', roomId, detail }, now);
      if (set.name === undefined) return [];
      const fact = { type: 'renamed' as const, actorId: userId, targetIds: [], value: set.name };
      return [await this.d.timeline.appendSystem(tx, roomId, fact, now)];
    });
    await this.d.timeline.publish({ created: system });
    await this.d.rooms.announceRoom(roomId);
    return this.summary(userId, roomId);
  }

  /**
   * A PNG, JPEG, GIF or WebP image, cropped square like profile images (ADM-2). The picture is made under a
   * new name first; the transaction gives it the next version and moves it to that version's name; the old
   * version's bytes go after the commit. No URL ever serves other bytes than it first did.
   */
  async setImage(userId: string, roomId: string, stream: Readable): Promise<RoomSummary> {
    await this.changeable(userId, roomId);
    const storage = this.d.storage;
    const staged = await stageSquareImage(storage, stream);
    const now = this.d.now();
    let version: number;
    try {
      version = await this.d.uow.transaction(async (tx) => {
        const next = await tx.rooms.bumpImageVersion(roomId);
        await tx.audit.record(
          { actorId: userId, action: 'room.image_changed', roomId, detail: { version: next } },
          now,
        );
        await storage.placeImage(staged, 'rooms', roomId, next);
        return next;
      });
    } finally {
      await storage.discardStagedImage(staged);
    }
    await storage.removeImage('rooms', roomId, version - 1);
    await this.d.rooms.announceRoom(roomId);
    return this.summary(userId, roomId);
  }

  /** Removes the image: the row first, the bytes after the commit. */
  async removeImage(userId: string, roomId: string): Promise<RoomSummary> {
    await this.changeable(userId, roomId);
    const now = this.d.now();
    const version = await this.d.uow.transaction(async (tx) => {
      const retired = await tx.rooms.retireImage(roomId);
      if (retired > 0) await tx.audit.record({ actorId: userId, action: 'room.image_removed', roomId }, now);
      return retired;
    });
    if (version === 0) return this.summary(userId, roomId);
    await this.d.storage.removeImage('rooms', roomId, version);
    await this.d.rooms.announceRoom(roomId);
    return this.summary(userId, roomId);
  }

  /** The current image of a room, for its members, while `version` is the current one (immutable URLs). */
  async imageFile(
    userId: string,
    roomId: string,
    version: number,
    size: 'full' | 'thumb',
  ): Promise<{ stream: Readable; bytes: number }> {
    await requireMember(this.repos, roomId, userId);
    const room = await this.repos.rooms.findRoom(roomId);
    if (!room || room.image_version <= 0 || Number(room.image_version) !== version)
      throw new AppError('file.not_found');
    const stored = await this.d.storage.imageFile('rooms', roomId, version, size);
    if (!stored) throw new AppError('file.not_found');
    return { stream: this.d.storage.open(stored.file), bytes: stored.bytes };
  }

  /** A page of the room's administrative actions, newest first (ADM-6); managers only. */
  async auditPage(
    userId: string,
    roomId: string,
    q: { limit: number; cursor?: string | undefined },
  ): Promise<RoomAuditResponse> {
    await this.managed(userId, roomId);
    const before = decodeCursor(q.cursor);
    const rows = await this.repos.audit.forRoom(roomId, before, q.limit + 1);
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      entries: await this.present(page),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }

  /**
   * The whole log as CSV text chunks (UTF-8 with BOM, so Excel reads Korean right; formula-safe cells)
   * (ADM-6): every row, read and written one page at a time, so memory stays flat however long the log.
   * The caller's role is checked before the first chunk, so a refusal is still a JSON error.
   */
  async auditCsv(userId: string, roomId: string): Promise<AsyncGenerator<string>> {
    await this.managed(userId, roomId);
    const pages = this.repos.audit.pagesForRoom(roomId, this.d.auditCsvPageSize ?? AUDIT_CSV_PAGE);
    const present = (rows: AuditRow[]) => this.present(rows);
    return (async function* () {
      yield auditCsvHead();
      for await (const rows of pages) yield auditCsvRows(await present(rows));
    })();
  }

  private async present(rows: AuditRow[]) {
    const users = await peopleOf(rows, this.repos.users);
    return rows.map((r) => presentAuditEntry(r, users));
  }
}

function encodeCursor(at: number, id: string): string {
  return Buffer.from(`${at}:${id}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { at: number; id: string } | null {
  if (!cursor) return null;
  const m = /^(\d+):([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new AppError('request.invalid_query');
  return { at: Number(m[1]), id: m[2]! };
}
