import type { E2eCommit, E2eDevice, E2eGroup, E2eIdentity } from '@messenger/shared';
import type { CommitRow, DeviceRow, GroupRow, IdentityRow, WelcomeRow } from './e2e.repository.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** Row -> wire objects of the MLS Delivery Service; opaque columns pass through untouched. */
export const presentIdentity = (r: IdentityRow): E2eIdentity => ({
  userId: r.user_id,
  mskPub: r.msk_pub,
  mskVersion: r.msk_version,
});

export const presentDevice = (r: DeviceRow): E2eDevice => ({
  userId: r.user_id,
  deviceId: r.id,
  cert: r.cert,
  createdAt: iso(r.created_at),
  revokedAt: r.revoked_at === null ? null : iso(r.revoked_at),
});

export const presentGroup = (r: GroupRow): E2eGroup => ({
  roomId: r.room_id,
  groupId: r.group_id,
  epoch: r.epoch,
  rekeyPending: r.rekey_pending === 1,
});

export const presentCommit = (r: CommitRow): E2eCommit => ({
  epoch: r.epoch,
  commit: r.data,
  senderId: r.sender_id,
  createdAt: iso(r.created_at),
});

export const presentWelcome = (r: WelcomeRow) => ({
  id: r.id,
  roomId: r.room_id,
  epoch: r.epoch,
  data: r.data,
  createdAt: iso(r.created_at),
});
