import type { RoomRole } from '@messenger/shared';
import { AppError } from '../../app-error.ts';
import type { MemberRow, RoomRow } from './rooms.repository.ts';

/** Owners and admins manage a room. */
export function isManager(role: RoomRole): boolean {
  return role === 'owner' || role === 'admin';
}

/** Inviting, kicking and renaming need a manager of a group room (ROOM-3). */
export function requireManager(room: RoomRow, member: MemberRow): void {
  if (room.kind === 'direct') throw new AppError('room.direct_fixed');
  if (!isManager(member.role)) throw new AppError('room.admin_required');
}

/** Changing roles and transferring ownership need the owner (ROOM-4). */
export function requireOwner(room: RoomRow, member: MemberRow): void {
  if (room.kind === 'direct') throw new AppError('room.direct_fixed');
  if (member.role !== 'owner') throw new AppError('room.owner_required');
}

/** An admin may kick members; only the owner may kick an admin; nobody kicks the owner. */
export function requireCanKick(actor: MemberRow, target: MemberRow): void {
  if (target.role === 'owner') throw new AppError('room.cannot_target_owner');
  if (target.role === 'admin' && actor.role !== 'owner') throw new AppError('room.owner_required');
}

/** An archived room is read-only for everyone: every write to it is refused (ADMIN-2). */
export function requireOpen(room: Pick<RoomRow, 'archived_at'>): void {
  if (room.archived_at !== null) throw new AppError('room.archived');
}

/** Inviting needs a group and, unless its invite policy is `everyone`, a manager (ADM-3). */
export function requireCanInvite(room: RoomRow, member: MemberRow): void {
  requireOpen(room);
  if (room.kind === 'direct') throw new AppError('room.direct_fixed');
  if (room.invite_policy !== 'everyone' && !isManager(member.role)) throw new AppError('room.admin_required');
}

/**
 * What a post may be in this room (E2E-41, E2E-42): an encrypted room takes envelopes only (`room.e2e_plaintext`
 * for text; `room.e2e_unsupported` for polls, which the server would have to read); a standard room takes
 * no envelopes (`room.not_e2e`), since its members' devices hold no group for it.
 */
export function requirePostFits(room: Pick<RoomRow, 'e2e'>, kind: 'text' | 'poll' | 'e2e'): void {
  if (room.e2e !== 1) {
    if (kind === 'e2e') throw new AppError('room.not_e2e');
    return;
  }
  if (kind === 'text') throw new AppError('room.e2e_plaintext');
  if (kind === 'poll') throw new AppError('room.e2e_unsupported');
}

/** Features whose content the server must read (notices, uploads) are refused in an encrypted room (E2E-41). */
export function requireNotE2e(room: Pick<RoomRow, 'e2e'>): void {
  if (room.e2e === 1) throw new AppError('room.e2e_unsupported');
}

/**
 * Posting: nobody in an archived room (ADMIN-2) or a closed one (ACCT-3), only managers in an announcement
 * room (ADM-4).
 */
export function requireCanPost(room: Pick<RoomRow, 'post_policy' | 'archived_at'>, member: MemberRow): void {
  requireOpen(room);
  if (room.post_policy === 'closed') throw new AppError('room.read_only');
  if (room.post_policy === 'admins' && !isManager(member.role)) throw new AppError('room.post_forbidden');
}
