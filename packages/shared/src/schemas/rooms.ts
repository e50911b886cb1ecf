import { z } from 'zod';
import { Timestamp, charLength } from './common.ts';
import { UserSummary } from './users.ts';

/** Limits of room fields. */
export const ROOM_LIMITS = { nameMax: 50, descriptionMax: 500, inviteMax: 100 } as const;
/** Most members an end-to-end encrypted room may have (design e2e.md 5.3, 5.10). */
export const E2E_ROOM_MEMBERS_MAX = 100;

export const RoomKind = z.enum(['direct', 'group']);
export type RoomKind = z.infer<typeof RoomKind>;

/** Member roles: one owner, any number of admins, members. */
export const RoomRole = z.enum(['owner', 'admin', 'member']);
export type RoomRole = z.infer<typeof RoomRole>;

/** Who may invite people into a group: every member, or only owners and admins (ADM-3). */
export const InvitePolicy = z.enum(['everyone', 'admins']);
export type InvitePolicy = z.infer<typeof InvitePolicy>;

/**
 * Who may post: every member, only owners and admins (announcement rooms, ADM-4), or nobody (`closed`: a
 * direct room whose other person deleted their account, ACCT-3).
 */
export const PostPolicy = z.enum(['everyone', 'admins', 'closed']);
export type PostPolicy = z.infer<typeof PostPolicy>;

const RoomName = z
  .string()
  .transform((v) => v.normalize('NFC').trim())
  .refine((v) => charLength(v) >= 1 && charLength(v) <= ROOM_LIMITS.nameMax, {
    message: 'validation.room_name',
  });

const Description = z
  .string()
  .transform((v) => v.normalize('NFC').trim())
  .refine((v) => charLength(v) <= ROOM_LIMITS.descriptionMax, { message: 'validation.description' });

/** `POST /api/rooms`: a direct room with one person (returns the existing one), or a group. */
export const CreateRoomBody = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('direct'),
      userId: z.string().min(1).max(64),
      /**
       * End-to-end encrypted (E2E-40): the encrypted direct room with this person, a different room from the
       * standard one (each is made once and returned after that).
       */
      encrypted: z.boolean().default(false),
    }),
    z.object({
      kind: z.literal('group'),
      name: RoomName,
      description: Description.optional(),
      memberIds: z.array(z.string().min(1).max(64)).max(ROOM_LIMITS.inviteMax).default([]),
      /** End-to-end encrypted (E2E-40): for good, never switched off; capped at E2E_ROOM_MEMBERS_MAX members. */
      encrypted: z.boolean().default(false),
    }),
  ])
  .meta({ id: 'CreateRoomBody' });
export type CreateRoomBody = z.input<typeof CreateRoomBody>;

/** Path parameter `:id` of a room. */
export const RoomIdParams = z.object({ id: z.string().min(1).max(64) });
/** Path parameters `:id/members/:userId`. */
export const RoomMemberParams = z.object({
  id: z.string().min(1).max(64),
  userId: z.string().min(1).max(64),
});

/** `POST /api/rooms/:id/members`: invite several people at once. */
export const InviteBody = z.object({
  userIds: z.array(z.string().min(1).max(64)).min(1).max(ROOM_LIMITS.inviteMax),
});
/** `PUT /api/rooms/:id/name`. */
export const RenameRoomBody = z.object({ name: RoomName });
/** `PATCH /api/rooms/:id`: a group's shared settings (admins); only the fields sent change (ADM-1). */
export const UpdateRoomBody = z
  .object({
    name: RoomName.optional(),
    description: Description.optional(),
    invitePolicy: InvitePolicy.optional(),
    /** `closed` is the server's own state for direct rooms and cannot be chosen. */
    postPolicy: z.enum(['everyone', 'admins']).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'validation.nothing_to_change' })
  .meta({ id: 'UpdateRoomBody' });
export type UpdateRoomBody = z.input<typeof UpdateRoomBody>;
/** Path of a room image: `/uploads/rooms/:id/:version`. */
export const RoomImageParams = z.object({
  id: z.string().min(1).max(64),
  version: z.coerce.number().int().min(1),
});
/** `PUT /api/rooms/:id/members/:userId/role`: promote or demote. */
export const ChangeRoleBody = z.object({ role: z.enum(['admin', 'member']) });
/** `POST /api/rooms/:id/transfer`: hand ownership to another member. */
export const TransferOwnershipBody = z.object({ userId: z.string().min(1).max(64) });
/** `PUT /api/rooms/:id/settings`: the caller's own pin-to-top and mute. */
export const RoomSettingsBody = z
  .object({ pinned: z.boolean().optional(), muted: z.boolean().optional() })
  .refine((v) => v.pinned !== undefined || v.muted !== undefined, { message: 'validation.empty' });
/** `POST /api/rooms/:id/read`: move the caller's read watermark forward. */
export const MarkReadBody = z.object({ seq: z.number().int().min(0) });

/** A room member with role and read watermark. */
export const RoomMember = z
  .object({
    user: UserSummary,
    role: RoomRole,
    /** Highest sequence this member has read. */
    lastReadSeq: z.number().int(),
    joinedAt: Timestamp,
  })
  .meta({ id: 'RoomMember' });
export type RoomMember = z.infer<typeof RoomMember>;

/** Preview of the latest message, for the room list. */
export const MessagePreview = z.object({
  id: z.string(),
  seq: z.number().int(),
  senderId: z.string().nullable(),
  senderNickname: z.string().nullable(),
  /** First characters of the text; empty for a deleted message. */
  text: z.string(),
  /** `e2e`: an end-to-end encrypted message; `text` is empty (only the members' devices can read it). */
  kind: z.enum(['text', 'system', 'poll', 'e2e']),
  deleted: z.boolean(),
  createdAt: Timestamp,
});
export type MessagePreview = z.infer<typeof MessagePreview>;

/** A room as listed to one member. */
export const RoomSummary = z
  .object({
    id: z.string(),
    kind: RoomKind,
    /** Group name; for a direct room, null (show the peer's nickname). */
    name: z.string().nullable(),
    description: z.string(),
    /** Immutable URL of the group's square image (`?size=thumb` for 96 px); null without one (ADM-2). */
    imageUrl: z.string().nullable(),
    /** Who may invite (ADM-3). */
    invitePolicy: InvitePolicy,
    /** Who may post (ADM-4, ACCT-3). */
    postPolicy: PostPolicy,
    /** The other person of a direct room. */
    peer: UserSummary.nullable(),
    memberCount: z.number().int(),
    myRole: RoomRole,
    pinned: z.boolean(),
    muted: z.boolean(),
    /** Messages from others after the caller's watermark. */
    unreadCount: z.number().int(),
    /** An unread message mentions the caller (or @all). */
    mentioned: z.boolean(),
    lastReadSeq: z.number().int(),
    lastSeq: z.number().int(),
    lastMessage: MessagePreview.nullable(),
    lastActivityAt: Timestamp,
    /** When a server admin archived the room (read-only, kept; ADMIN-2); null while open. */
    archivedAt: Timestamp.nullable(),
    /**
     * End-to-end encrypted (E2E-40): messages are envelopes only members' devices can open; no server search,
     * polls, notices, files or plaintext posts (E2E-41). Never switched off.
     */
    e2e: z.boolean(),
  })
  .meta({ id: 'RoomSummary' });
export type RoomSummary = z.infer<typeof RoomSummary>;

/** `GET /api/rooms` response: ordered pinned first, then by latest activity. */
export const RoomsResponse = z.object({ rooms: z.array(RoomSummary) }).meta({ id: 'RoomsResponse' });
/** `GET /api/rooms/:id` and room-creation response. */
export const RoomDetailResponse = z
  .object({ room: RoomSummary, members: z.array(RoomMember) })
  .meta({ id: 'RoomDetailResponse' });
export type RoomDetailResponse = z.infer<typeof RoomDetailResponse>;

/** `room:changed`: a room's shared details as they are now (ADM-1), pushed to every member. */
export const RoomChanged = z
  .object({
    roomId: z.string(),
    name: z.string().nullable(),
    description: z.string(),
    memberCount: z.number().int(),
    imageUrl: z.string().nullable(),
    invitePolicy: InvitePolicy,
    postPolicy: PostPolicy,
    /** When a server admin archived the room (ADMIN-2); null while open. */
    archivedAt: Timestamp.nullable(),
  })
  .meta({ id: 'RoomChanged' });
export type RoomChanged = z.infer<typeof RoomChanged>;

/** Why a user is no longer in a room: left, was kicked, or a server admin deleted the room (ADMIN-2). */
export const RoomRemovedReason = z.enum(['left', 'kicked', 'deleted']);
export type RoomRemovedReason = z.infer<typeof RoomRemovedReason>;
