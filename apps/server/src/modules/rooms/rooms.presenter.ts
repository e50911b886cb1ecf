import type { MessagePreview, RoomChanged, RoomMember, RoomSummary } from '@messenger/shared';
import { presentUserSummary } from '../users/users.presenter.ts';
import type { UserRow } from '../users/users.repository.ts';
import type { MemberRow, MemberWithUser, RoomRow } from './rooms.repository.ts';

/** A room as listed to one member. */
export function presentRoomSummary(input: {
  room: RoomRow;
  member: MemberRow;
  memberCount: number;
  unreadCount: number;
  mentioned: boolean;
  peer: UserRow | undefined;
  peerId: string | null;
  lastMessage: MessagePreview | null;
}): RoomSummary {
  const { room, member } = input;
  return {
    id: room.id,
    kind: room.kind,
    name: room.kind === 'group' ? room.name : null,
    description: room.description,
    imageUrl: roomImageUrl(room),
    invitePolicy: room.invite_policy,
    postPolicy: room.post_policy,
    peer: room.kind === 'direct' && input.peerId ? presentUserSummary(input.peer, input.peerId) : null,
    memberCount: input.memberCount,
    myRole: member.role,
    pinned: member.pinned === 1,
    muted: member.muted === 1,
    unreadCount: input.unreadCount,
    mentioned: input.mentioned,
    lastReadSeq: member.last_read_seq,
    lastSeq: room.last_seq,
    lastMessage: input.lastMessage,
    lastActivityAt: new Date(room.last_activity_at).toISOString(),
    archivedAt: archivedAtOf(room),
    e2e: room.e2e === 1,
  };
}

/** When the room was archived, as a timestamp; null while open (ADMIN-2). */
export function archivedAtOf(room: Pick<RoomRow, 'archived_at'>): string | null {
  return room.archived_at === null ? null : new Date(Number(room.archived_at)).toISOString();
}

/** A member with role and watermark. */
export function presentMember(m: MemberWithUser): RoomMember {
  return {
    user: presentUserSummary(m.user, m.user_id),
    role: m.role,
    lastReadSeq: m.last_read_seq,
    joinedAt: new Date(m.joined_at).toISOString(),
  };
}

/** The immutable URL of a group's image, or null (ADM-2). */
export function roomImageUrl(room: Pick<RoomRow, 'id' | 'image_version'>): string | null {
  return room.image_version > 0 ? `/uploads/rooms/${room.id}/${room.image_version}` : null;
}

/** A room's shared details for `room:changed` (ADM-1). */
export function presentRoomChanged(room: RoomRow, memberCount: number): RoomChanged {
  return {
    roomId: room.id,
    name: room.kind === 'group' ? room.name : null,
    description: room.description,
    memberCount,
    imageUrl: roomImageUrl(room),
    invitePolicy: room.invite_policy,
    postPolicy: room.post_policy,
    archivedAt: archivedAtOf(room),
  };
}
