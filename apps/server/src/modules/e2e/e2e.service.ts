import {
  E2E_LIMITS,
  type ChangeIdentityBody,
  type ClaimKeyPackagesResponse,
  type CommitsResponse,
  type CreateGroupBody,
  type DevicesResponse,
  type E2eCiphertext,
  type E2eCommit,
  type E2eDevice,
  type E2eGroup,
  type E2eIdentity,
  type KeyPackageStock,
  type RegisterDeviceBody,
  type SendCiphertextBody,
  type SubmitCommitBody,
  type UploadKeyPackagesBody,
} from '@messenger/shared';
import type { z } from 'zod';
import { AppError } from '../../app-error.ts';
import type { RateLimitRule } from '../../config.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import type { ConversationRepos, UnitOfWork } from '../../db/unit-of-work.ts';
import type { RateLimiter } from '../../state/rate-limiter.ts';
import { requireCanPost, requireOpen } from '../rooms/rooms.policy.ts';
import type { MemberRow, RoomRow } from '../rooms/rooms.repository.ts';
import type { E2eEvents } from './e2e-events.ts';
import {
  presentCiphertext,
  presentCommit,
  presentDevice,
  presentGroup,
  presentIdentity,
  presentWelcome,
} from './e2e.presenter.ts';
import type { DeviceRow, GroupRow } from './e2e.repository.ts';

/** How long the handshake log keeps a commit (design 5.3: 90 days) (E2E-26). */
export const HANDSHAKE_RETENTION_MS = 90 * 24 * 3600 * 1000;

/** Rate limits per user: generous for clients that refill and rekey on their own, tight enough for abuse. */
export const E2E_RATE_LIMITS = {
  /** Device, identity, key package upload, group and commit changes. */
  write: { max: 300, windowSeconds: 60 },
  /** Key package claims drain other people's stock. */
  claim: { max: 60, windowSeconds: 60 },
  /** Application messages. */
  send: { max: 600, windowSeconds: 60 },
} as const satisfies Record<string, RateLimitRule>;

export interface E2eServiceDeps {
  uow: UnitOfWork;
  events: E2eEvents;
  limiter: RateLimiter;
  now: () => number;
  newId: () => string;
}

type UploadInput = z.output<typeof UploadKeyPackagesBody>;

/** A losing commit (E2E-25): the group's epoch now, and the commits the loser is missing. */
export class EpochConflictError extends AppError {
  readonly currentEpoch: number;
  readonly commits: E2eCommit[];

  constructor(currentEpoch: number, commits: E2eCommit[]) {
    super('e2e.epoch_conflict');
    this.currentEpoch = currentEpoch;
    this.commits = commits;
  }
}

/**
 * The server as MLS Delivery Service (SPEC E2E-20..E2E-29): devices and master keys, key packages, the
 * room's group and its epoch, the handshake log, welcomes and application ciphertext. It never reads the
 * MLS bytes it stores; every room-scoped action is for the room's members only, and outsiders are told the
 * room does not exist.
 */
export class E2eService {
  private readonly d: E2eServiceDeps;

  constructor(deps: E2eServiceDeps) {
    this.d = deps;
  }

  private get repos(): ConversationRepos {
    return this.d.uow.repos;
  }

  private limit(kind: keyof typeof E2E_RATE_LIMITS, userId: string): Promise<void> {
    return this.d.limiter.consume(`e2e-${kind}`, E2E_RATE_LIMITS[kind], [`user:${userId}`]);
  }

  /** The caller's membership and the room; `room.not_found` for anyone else, as for a room that is not (E2E-29). */
  private async member(roomId: string, userId: string): Promise<{ room: RoomRow; member: MemberRow }> {
    const member = await this.repos.rooms.member(roomId, userId);
    const room = member && (await this.repos.rooms.findRoom(roomId));
    if (!member || !room) throw new AppError('room.not_found');
    return { room, member };
  }

  private async requireGroup(roomId: string): Promise<GroupRow> {
    const group = await this.repos.e2e.group(roomId);
    if (!group) throw new AppError('e2e.group_not_found');
    return group;
  }

  /** One of the caller's own devices, not revoked; `e2e.device_not_found` for any other (E2E-20). */
  private async ownDevice(userId: string, deviceId: string): Promise<DeviceRow> {
    const device = await this.repos.e2e.device(deviceId);
    if (!device || device.user_id !== userId || device.revoked_at !== null)
      throw new AppError('e2e.device_not_found');
    return device;
  }

  /**
   * Registers one of the caller's devices (E2E-20). The first registration stores the master key at
   * version 1; later ones must carry the same key, because a different one is an identity change (E2E-21).
   * Registering the same device with the same certificate again answers the same; at most 50 devices that
   * are not revoked.
   */
  async registerDevice(
    userId: string,
    input: RegisterDeviceBody,
  ): Promise<{ device: E2eDevice; identity: E2eIdentity }> {
    await this.limit('write', userId);
    const e2e = this.repos.e2e;
    const now = this.d.now();
    let identity = await e2e.identity(userId);
    if (!identity) {
      await e2e.insertIdentity(userId, input.mskPub, now); // a concurrent first one wins; compared below
      identity = (await e2e.identity(userId))!;
    }
    if (identity.msk_pub !== input.mskPub) throw new AppError('e2e.identity_mismatch');
    const existing = await e2e.device(input.deviceId);
    if (existing)
      return {
        device: presentDevice(this.sameDevice(existing, userId, input)),
        identity: presentIdentity(identity),
      };
    const active = (await e2e.devicesOf([userId])).filter((d) => d.revoked_at === null);
    if (active.length >= E2E_LIMITS.devicesPerUserMax) throw new AppError('e2e.too_many_devices');
    const row: DeviceRow = {
      id: input.deviceId,
      user_id: userId,
      cert: input.cert,
      created_at: now,
      revoked_at: null,
    };
    try {
      await e2e.insertDevice(row);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const raced = await e2e.device(input.deviceId);
      if (!raced) throw err;
      return {
        device: presentDevice(this.sameDevice(raced, userId, input)),
        identity: presentIdentity(identity),
      };
    }
    return { device: presentDevice(row), identity: presentIdentity(identity) };
  }

  /** An existing device id: the same registration again, or a refusal. */
  private sameDevice(existing: DeviceRow, userId: string, input: RegisterDeviceBody): DeviceRow {
    if (existing.user_id === userId && existing.revoked_at !== null) throw new AppError('e2e.device_revoked');
    if (existing.user_id !== userId || existing.cert !== input.cert) throw new AppError('e2e.device_taken');
    return existing;
  }

  /**
   * Replaces the caller's master key, explicitly (E2E-21): only from the version the caller last saw; every
   * device certified under the old key is revoked with it, and the change is audited
   * (`e2e.identity_changed`) in the same transaction.
   */
  async changeIdentity(userId: string, input: ChangeIdentityBody): Promise<E2eIdentity> {
    await this.limit('write', userId);
    const now = this.d.now();
    return this.d.uow.transaction(async (tx) => {
      const version = await tx.e2e.changeIdentity(userId, input.mskPub, input.fromVersion, now);
      if (version === undefined) {
        throw new AppError((await tx.e2e.identity(userId)) ? 'e2e.identity_stale' : 'e2e.identity_not_found');
      }
      let revoked = 0;
      for (const d of await tx.e2e.devicesOf([userId]))
        if (d.revoked_at === null && (await tx.e2e.revokeDevice(d.id, now))) revoked++;
      const detail = { fromVersion: input.fromVersion, toVersion: version, devicesRevoked: revoked };
      await tx.audit.record(
        { actorId: userId, action: 'e2e.identity_changed', targetId: userId, detail },
        now,
      );
      return { userId, mskPub: input.mskPub, mskVersion: version };
    });
  }

  /**
   * Devices and master keys of the given users, or of everyone the caller shares a room with (E2E-20). A user
   * the caller shares no room with is left out, as if they had no devices.
   */
  async devices(userId: string, userIds?: string[]): Promise<DevicesResponse> {
    const e2e = this.repos.e2e;
    const ids = userIds ? [...(await e2e.sharingOf(userId, userIds))] : await e2e.sharingUserIds(userId);
    const [identities, devices] = await Promise.all([e2e.identities(ids), e2e.devicesOf(ids)]);
    return { identities: identities.map(presentIdentity), devices: devices.map(presentDevice) };
  }

  /**
   * Revokes one of the caller's devices (E2E-20): its key packages and waiting welcomes go with it, and the
   * revocation is audited (`e2e.device_revoked`) in the same transaction. Revoking it again changes nothing.
   */
  async revokeDevice(userId: string, deviceId: string): Promise<E2eDevice> {
    await this.limit('write', userId);
    const now = this.d.now();
    return this.d.uow.transaction(async (tx) => {
      const device = await tx.e2e.device(deviceId);
      if (!device || device.user_id !== userId) throw new AppError('e2e.device_not_found');
      if (await tx.e2e.revokeDevice(deviceId, now)) {
        await tx.audit.record({ actorId: userId, action: 'e2e.device_revoked', targetId: deviceId }, now);
        return presentDevice({ ...device, revoked_at: now });
      }
      return presentDevice(device);
    });
  }

  /**
   * Adds key packages to one of the caller's devices (E2E-22). A last-resort package replaces the device's
   * previous one; ordinary ones are refused past the stock limit.
   */
  async uploadKeyPackages(userId: string, deviceId: string, input: UploadInput): Promise<KeyPackageStock> {
    await this.limit('write', userId);
    await this.ownDevice(userId, deviceId);
    const now = this.d.now();
    const ordinary = input.keyPackages.filter((k) => !k.lastResort).length;
    await this.d.uow.transaction(async (tx) => {
      if ((await tx.e2e.stock(deviceId)).ordinary + ordinary > E2E_LIMITS.keyPackageStockMax)
        throw new AppError('e2e.key_package_stock_full');
      if (input.keyPackages.some((k) => k.lastResort)) await tx.e2e.deleteLastResort(deviceId);
      await tx.e2e.insertKeyPackages(
        input.keyPackages.map((k) => ({
          id: this.d.newId(),
          device_id: deviceId,
          data: k.data,
          last_resort: k.lastResort ? 1 : 0,
          created_at: now,
        })),
      );
    });
    return this.repos.e2e.stock(deviceId);
  }

  /** How many key packages one of the caller's devices has left (E2E-22). */
  async stock(userId: string, deviceId: string): Promise<KeyPackageStock> {
    await this.ownDevice(userId, deviceId);
    return this.repos.e2e.stock(deviceId);
  }

  /**
   * One key package for every device (not revoked) of the given users (E2E-23): each ordinary package is
   * handed out once, to one claimer, however many claim at once; with none left, the device's last-resort
   * package is handed out and kept. Only users the caller shares a room with (`user.not_found` otherwise).
   */
  async claim(userId: string, userIds: string[]): Promise<ClaimKeyPackagesResponse> {
    await this.limit('claim', userId);
    const e2e = this.repos.e2e;
    const wanted = [...new Set(userIds)];
    const shared = await e2e.sharingOf(userId, wanted);
    if (wanted.some((id) => !shared.has(id))) throw new AppError('user.not_found');
    const result: ClaimKeyPackagesResponse = { keyPackages: [], exhausted: [] };
    for (const device of await e2e.devicesOf(wanted)) {
      if (device.revoked_at !== null) continue;
      const kp = await e2e.claim(device.id);
      const who = { userId: device.user_id, deviceId: device.id };
      if (kp) result.keyPackages.push({ ...who, data: kp.data, lastResort: kp.lastResort });
      else result.exhausted.push(who);
    }
    return result;
  }

  /** The room's group, made once by a member at epoch 0 (E2E-24). */
  async createGroup(userId: string, roomId: string, input: CreateGroupBody): Promise<E2eGroup> {
    await this.limit('write', userId);
    const { room } = await this.member(roomId, userId);
    requireOpen(room);
    const row = {
      room_id: roomId,
      group_id: input.groupId,
      epoch: 0,
      group_info: input.groupInfo,
      created_by: userId,
      updated_at: this.d.now(),
    };
    if (!(await this.repos.e2e.insertGroup(row))) throw new AppError('e2e.group_exists');
    return presentGroup({ ...row, rekey_pending: 0 });
  }

  /** The room's group as the server knows it, for its members (E2E-24). */
  async group(userId: string, roomId: string): Promise<E2eGroup> {
    await this.member(roomId, userId);
    return presentGroup(await this.requireGroup(roomId));
  }

  /**
   * A commit made at `epoch` (E2E-25): the compare-and-set `epoch = epoch + 1 where epoch = $e` lets exactly
   * one commit per epoch in; it is logged, its welcome stored for each recipient device, its GroupInfo kept
   * and a pending removal cleared, all in one transaction. A loser gets `EpochConflictError` with the current
   * epoch and the commits from its epoch on. Welcome recipients must be devices of the room's members.
   */
  async submitCommit(userId: string, roomId: string, input: SubmitCommitBody): Promise<{ epoch: number }> {
    await this.limit('write', userId);
    const { room } = await this.member(roomId, userId);
    requireOpen(room);
    await this.requireGroup(roomId);
    const recipients = await this.welcomeRecipients(roomId, input.welcome?.deviceIds ?? []);
    const now = this.d.now();
    const welcome = input.welcome && {
      id: this.d.newId(),
      room_id: roomId,
      epoch: input.epoch + 1,
      data: input.welcome.data,
      created_at: now,
    };
    const won = await this.d.uow.transaction(async (tx) => {
      if (!(await tx.e2e.advanceEpoch(roomId, input.epoch, input.groupInfo, now))) return false;
      await tx.e2e.insertCommit({
        room_id: roomId,
        epoch: input.epoch,
        data: input.commit,
        sender_id: userId,
        created_at: now,
      });
      if (welcome)
        await tx.e2e.insertWelcome(
          welcome,
          recipients.map((d) => d.id),
        );
      return true;
    });
    if (!won) {
      const group = await this.requireGroup(roomId);
      const missing = await this.repos.e2e.commitsSince(roomId, input.epoch, E2E_LIMITS.commitsPage);
      throw new EpochConflictError(group.epoch, missing.map(presentCommit));
    }
    this.d.events.e2eEpoch(roomId, input.epoch + 1);
    for (const device of recipients)
      this.d.events.e2eWelcome(device.user_id, { roomId, deviceId: device.id, welcomeId: welcome!.id });
    return { epoch: input.epoch + 1 };
  }

  /** The welcome's recipient devices: each registered, not revoked, and its owner a member of the room. */
  private async welcomeRecipients(roomId: string, deviceIds: string[]): Promise<DeviceRow[]> {
    const ids = [...new Set(deviceIds)];
    if (ids.length === 0) return [];
    const members = new Set(await this.repos.rooms.memberIds(roomId));
    const devices: DeviceRow[] = [];
    for (const id of ids) {
      const device = await this.repos.e2e.device(id);
      if (!device || device.revoked_at !== null || !members.has(device.user_id))
        throw new AppError('e2e.device_not_found');
      devices.push(device);
    }
    return devices;
  }

  /** The handshake log from `since` on, one page, for members (E2E-26). */
  async commitsSince(userId: string, roomId: string, since: number): Promise<CommitsResponse> {
    await this.member(roomId, userId);
    const group = await this.requireGroup(roomId);
    const rows = await this.repos.e2e.commitsSince(roomId, since, E2E_LIMITS.commitsPage + 1);
    const page = rows.slice(0, E2E_LIMITS.commitsPage);
    return {
      currentEpoch: group.epoch,
      commits: page.map(presentCommit),
      hasMore: rows.length > page.length,
    };
  }

  /** The latest GroupInfo, for members (E2E-26). */
  async groupInfo(userId: string, roomId: string): Promise<{ epoch: number; groupInfo: string }> {
    await this.member(roomId, userId);
    const group = await this.requireGroup(roomId);
    return { epoch: group.epoch, groupInfo: group.group_info };
  }

  /** Welcomes waiting for one of the caller's devices (E2E-28); nobody else's. */
  async welcomes(userId: string, deviceId: string): Promise<ReturnType<typeof presentWelcome>[]> {
    await this.ownDevice(userId, deviceId);
    return (await this.repos.e2e.welcomesFor(deviceId)).map(presentWelcome);
  }

  /** Deletes a welcome the caller's device has taken (E2E-28). */
  async deleteWelcome(userId: string, deviceId: string, welcomeId: string): Promise<void> {
    await this.limit('write', userId);
    await this.ownDevice(userId, deviceId);
    if (!(await this.repos.e2e.deleteWelcome(deviceId, welcomeId)))
      throw new AppError('e2e.welcome_not_found');
  }

  /**
   * Accepts an application message (E2E-27): from one of the caller's devices, for the group's current epoch
   * and only while no removal is pending (`e2e.stale_epoch`, `e2e.rekey_pending` otherwise). The group row is
   * held while the message is stored, so no commit slips between the check and the write. The ciphertext is
   * stored as it came and delivered to the room's members.
   */
  async send(userId: string, roomId: string, input: SendCiphertextBody): Promise<E2eCiphertext> {
    await this.limit('send', userId);
    const { room, member } = await this.member(roomId, userId);
    requireCanPost(room, member);
    await this.ownDevice(userId, input.deviceId);
    const row = {
      id: this.d.newId(),
      room_id: roomId,
      epoch: input.epoch,
      sender_id: userId,
      device_id: input.deviceId,
      data: input.ciphertext,
      created_at: this.d.now(),
    };
    await this.d.uow.transaction(async (tx) => {
      const group = await tx.e2e.groupForSend(roomId);
      if (!group) throw new AppError('e2e.group_not_found');
      if (group.rekey_pending === 1) throw new AppError('e2e.rekey_pending');
      if (group.epoch !== input.epoch) throw new AppError('e2e.stale_epoch');
      await tx.e2e.insertMessage(row);
    });
    const message = presentCiphertext(row);
    this.d.events.e2eMessage(roomId, message);
    return message;
  }

  /**
   * Forgets commits past the handshake log's retention, and welcomes not taken within it (E2E-26, E2E-28);
   * how many commits.
   */
  async pruneHandshakeLog(): Promise<number> {
    const before = this.d.now() - HANDSHAKE_RETENTION_MS;
    await this.repos.e2e.pruneWelcomes(before);
    return this.repos.e2e.pruneCommits(before);
  }
}
