import { z } from 'zod';
import { Timestamp } from './common.ts';
import { RETENTION_DAYS_MAX } from './retention.ts';
import { RoomKind, RoomMember } from './rooms.ts';
import { UserSummary } from './users.ts';

/** A room as a server admin sees it in the console (ADMIN-2): every group and direct room. */
export const AdminRoom = z
  .object({
    id: z.string(),
    kind: RoomKind,
    /** The group's name; null for a direct room (show `people`). */
    name: z.string().nullable(),
    /** A direct room's two people (also after one left); empty for a group. */
    people: z.array(UserSummary),
    memberCount: z.number().int(),
    /** The room's last sequence number: how many messages (system ones included) it has had. */
    lastSeq: z.number().int(),
    lastActivityAt: Timestamp,
    createdAt: Timestamp,
    /** When the room was archived (read-only, kept); null while open. */
    archivedAt: Timestamp.nullable(),
    /** Under legal hold: retention removes nothing and the room cannot be deleted (RET-2). */
    legalHold: z.boolean(),
    /** The room's own retention in days; null = the server's setting, 0 = kept forever (RET-2). */
    retentionDays: z.number().int().nullable(),
    /** End-to-end encrypted (E2E-40): the console sees its metadata, never its messages. */
    e2e: z.boolean(),
  })
  .meta({ id: 'AdminRoom' });
export type AdminRoom = z.infer<typeof AdminRoom>;

/** `GET /api/admin/rooms` query: a name (or a direct room's person) to search, pages by cursor. */
export const AdminRoomsQuery = z.object({
  q: z.string().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Opaque cursor from the previous page. */
  cursor: z.string().max(200).optional(),
});
export type AdminRoomsQuery = z.input<typeof AdminRoomsQuery>;

/** `GET /api/admin/rooms` response: latest activity first. */
export const AdminRoomsResponse = z
  .object({ rooms: z.array(AdminRoom), nextCursor: z.string().nullable() })
  .meta({ id: 'AdminRoomsResponse' });
export type AdminRoomsResponse = z.infer<typeof AdminRoomsResponse>;

/** One room for the console: the answer to every change of a room (archive, hold, retention). */
export const AdminRoomResponse = z.object({ room: AdminRoom }).meta({ id: 'AdminRoomResponse' });
export type AdminRoomResponse = z.infer<typeof AdminRoomResponse>;

/** `GET /api/admin/rooms/:id/members`: members with role and joined time, longest-standing first. */
export const AdminRoomMembersResponse = z
  .object({ members: z.array(RoomMember) })
  .meta({ id: 'AdminRoomMembersResponse' });
export type AdminRoomMembersResponse = z.infer<typeof AdminRoomMembersResponse>;

/** `POST /api/admin/rooms/:id/archive` body: archive (read-only, kept) or reopen (ADMIN-2). */
export const ArchiveRoomBody = z.object({ archived: z.boolean() }).meta({ id: 'ArchiveRoomBody' });
export type ArchiveRoomBody = z.input<typeof ArchiveRoomBody>;

/** `POST /api/admin/rooms/:id/legal-hold` body: put the room under legal hold or release it (RET-2). */
export const LegalHoldBody = z.object({ hold: z.boolean() }).meta({ id: 'LegalHoldBody' });
export type LegalHoldBody = z.input<typeof LegalHoldBody>;

/** `PUT /api/admin/rooms/:id/retention` body: days (0 = forever) or null for the server's setting (RET-2). */
export const RoomRetentionBody = z
  .object({ days: z.number().int().min(0).max(RETENTION_DAYS_MAX).nullable() })
  .meta({ id: 'RoomRetentionBody' });
export type RoomRetentionBody = z.input<typeof RoomRetentionBody>;
