import { AppError } from '../../app-error.ts';
import type { ConversationRepos } from '../../db/unit-of-work.ts';
import { requireOpen } from './rooms.policy.ts';
import type { MemberRow } from './rooms.repository.ts';

/** The caller's membership of a room, or `room.not_found` / `room.not_member` (checked in every service). */
export async function requireMember(
  repos: Pick<ConversationRepos, 'rooms'>,
  roomId: string,
  userId: string,
): Promise<MemberRow> {
  const member = await repos.rooms.member(roomId, userId);
  if (member) return member;
  if (!(await repos.rooms.findRoom(roomId))) throw new AppError('room.not_found');
  throw new AppError('room.not_member');
}

/**
 * The caller's membership of a room they are about to change (edit, delete, react, vote, pin, upload):
 * as `requireMember`, and `room.archived` while the room is archived (ADMIN-2). Posting checks the same
 * through `requireCanPost`.
 */
export async function requireWritableMember(
  repos: Pick<ConversationRepos, 'rooms'>,
  roomId: string,
  userId: string,
): Promise<MemberRow> {
  const member = await requireMember(repos, roomId, userId);
  await requireRoomOpen(repos, roomId);
  return member;
}

/** `room.archived` while the room is archived (ADMIN-2); for callers that checked membership their own way. */
export async function requireRoomOpen(
  repos: Pick<ConversationRepos, 'rooms'>,
  roomId: string,
): Promise<void> {
  const room = await repos.rooms.findRoom(roomId);
  if (room) requireOpen(room);
}
