import { AppError } from '../../app-error.ts';
import type { ConversationRepos } from '../../db/unit-of-work.ts';
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
