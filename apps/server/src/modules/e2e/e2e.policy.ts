import type { ConversationRepos } from '../../db/unit-of-work.ts';
import type { RateLimitRule } from '../../config.ts';
import type { RateLimiter } from '../../state/rate-limiter.ts';
import { AppError } from '../../app-error.ts';
import type { MemberRow, RoomRow } from '../rooms/rooms.repository.ts';
import type { DeviceRow } from './e2e.repository.ts';

/** Rate limits per user: generous for clients that refill and rekey on their own, tight enough for abuse (E2E-29). */
export const E2E_RATE_LIMITS = {
  /** Device, identity, key package upload, group, commit and welcome changes. */
  write: { max: 300, windowSeconds: 60 },
  /** Key package claims drain other people's stock. */
  claim: { max: 60, windowSeconds: 60 },
  /** Application messages. */
  send: { max: 600, windowSeconds: 60 },
} as const satisfies Record<string, RateLimitRule>;

/** Counts one E2E action of the user against its limit; `rate.limited` past it. */
export function limitE2e(
  limiter: RateLimiter,
  kind: keyof typeof E2E_RATE_LIMITS,
  userId: string,
): Promise<void> {
  return limiter.consume(`e2e-${kind}`, E2E_RATE_LIMITS[kind], [`user:${userId}`]);
}

/** One of the caller's own devices, not revoked; `e2e.device_not_found` for any other (E2E-20). */
export async function requireOwnDevice(
  repos: Pick<ConversationRepos, 'e2e'>,
  userId: string,
  deviceId: string,
): Promise<DeviceRow> {
  const device = await repos.e2e.device(deviceId);
  if (!device || device.user_id !== userId || device.revoked_at !== null)
    throw new AppError('e2e.device_not_found');
  return device;
}

/**
 * The caller's membership and the room; `room.not_found` for anyone else, as for a room that does not exist
 * (E2E-29).
 */
export async function requireE2eMember(
  repos: Pick<ConversationRepos, 'rooms'>,
  roomId: string,
  userId: string,
): Promise<{ room: RoomRow; member: MemberRow }> {
  const member = await repos.rooms.member(roomId, userId);
  const room = member && (await repos.rooms.findRoom(roomId));
  if (!member || !room) throw new AppError('room.not_found');
  return { room, member };
}
