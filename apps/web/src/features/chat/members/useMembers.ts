import type { RoomMember, RoomSummary } from '@messenger/shared';
import { useState } from 'react';
import { errorText } from '../../../i18n/errorText.ts';
import { useChatState, useChatStore } from '../store/ChatContext.tsx';

const ORDER = { owner: 0, admin: 1, member: 2 } as const;

/** Members of a room with presence, and the admin actions the caller may take (ROOM-3, ROOM-4). */
export function useMembers(room: RoomSummary) {
  const state = useChatState();
  const store = useChatStore();
  const [error, setError] = useState<string | null>(null);
  const members = [...(state.members[room.id] ?? [])].sort(
    (a, b) => ORDER[a.role] - ORDER[b.role] || a.user.nickname.localeCompare(b.user.nickname),
  );
  const isAdmin = room.kind === 'group' && (room.myRole === 'owner' || room.myRole === 'admin');
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await store.loadMembers(room.id);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return {
    members,
    meId: state.meId,
    presence: state.presence,
    error,
    isAdmin,
    isOwner: room.myRole === 'owner',
    /** Admins invite; so does everyone when the room's invite policy says so (ADM-3). */
    canInvite: isAdmin || (room.kind === 'group' && room.invitePolicy === 'everyone'),
    canKick: (m: RoomMember) =>
      isAdmin &&
      m.user.id !== state.meId &&
      m.role !== 'owner' &&
      (room.myRole === 'owner' || m.role === 'member'),
    kick: (m: RoomMember) => run(() => store.api.kick(room.id, m.user.id)),
    setRole: (m: RoomMember, role: 'admin' | 'member') =>
      run(() => store.api.setRole(room.id, m.user.id, role)),
    /** Makes another member the owner; the caller becomes an admin (ROOM-4). */
    transfer: (m: RoomMember) => run(() => store.api.transfer(room.id, m.user.id)),
    invite: (ids: string[]) => run(() => store.api.invite(room.id, ids)),
    leave: () => run(() => store.api.leave(room.id)),
  };
}
