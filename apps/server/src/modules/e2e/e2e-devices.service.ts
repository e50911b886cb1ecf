import {
  E2E_LIMITS,
  type ChangeIdentityBody,
  type ClaimKeyPackagesResponse,
  type DevicesResponse,
  type E2eDevice,
  type E2eIdentity,
  type KeyPackageStock,
  type RegisterDeviceBody,
  type UploadKeyPackagesBody,
} from '@messenger/shared';
import type { z } from 'zod';
import { AppError } from '../../app-error.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import type { ConversationRepos, UnitOfWork } from '../../db/unit-of-work.ts';
import type { RateLimiter } from '../../state/rate-limiter.ts';
import type { E2eEvents } from './e2e-events.ts';
import { limitE2e, requireOwnDevice } from './e2e.policy.ts';
import { presentDevice, presentIdentity } from './e2e.presenter.ts';
import type { DeviceRow } from './e2e.repository.ts';

export interface E2eDevicesServiceDeps {
  uow: UnitOfWork;
  events: Pick<E2eEvents, 'e2eDeviceAdded'>;
  limiter: RateLimiter;
  now: () => number;
  newId: () => string;
}

type UploadInput = z.output<typeof UploadKeyPackagesBody>;

/**
 * The E2E identities of people (SPEC E2E-20..E2E-23): their master keys, their devices' certificates, and the
 * key packages by which others add those devices to groups. All of it opaque to the server.
 */
export class E2eDevicesService {
  private readonly d: E2eDevicesServiceDeps;

  constructor(deps: E2eDevicesServiceDeps) {
    this.d = deps;
  }

  private get repos(): ConversationRepos {
    return this.d.uow.repos;
  }

  /**
   * Registers one of the caller's devices (E2E-20). The first registration stores the master key at
   * version 1; later ones must carry the same key, because a different one is an identity change (E2E-21).
   * Registering the same device with the same certificate again answers the same; at most 50 devices that
   * are not revoked. A new device is announced to the user's encrypted rooms (`e2e:device-added`, E2E-44).
   */
  async registerDevice(
    userId: string,
    input: RegisterDeviceBody,
  ): Promise<{ device: E2eDevice; identity: E2eIdentity }> {
    await limitE2e(this.d.limiter, 'write', userId);
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
    // The members of the user's encrypted rooms add the new device to each group (E2E-44).
    this.d.events.e2eDeviceAdded(await e2e.e2eRoomIdsOf(userId), { userId, deviceId: row.id });
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
    await limitE2e(this.d.limiter, 'write', userId);
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
    await limitE2e(this.d.limiter, 'write', userId);
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
    await limitE2e(this.d.limiter, 'write', userId);
    await requireOwnDevice(this.repos, userId, deviceId);
    const now = this.d.now();
    const ordinary = input.keyPackages.filter((k) => !k.lastResort).length;
    const first = await this.d.uow.transaction(async (tx) => {
      const before = await tx.e2e.stock(deviceId);
      if (before.ordinary + ordinary > E2E_LIMITS.keyPackageStockMax)
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
      return before.ordinary === 0 && !before.lastResort;
    });
    // A device's first packages make it addable: announced again (E2E-44), so a member's device that heard of
    // it at registration, before it had any, and found nothing to claim adds it now.
    if (first) this.d.events.e2eDeviceAdded(await this.repos.e2e.e2eRoomIdsOf(userId), { userId, deviceId });
    return this.repos.e2e.stock(deviceId);
  }

  /** How many key packages one of the caller's devices has left (E2E-22). */
  async stock(userId: string, deviceId: string): Promise<KeyPackageStock> {
    await requireOwnDevice(this.repos, userId, deviceId);
    return this.repos.e2e.stock(deviceId);
  }

  /**
   * One key package for every device (not revoked) of the given users (E2E-23): each ordinary package is
   * handed out once, to one claimer, however many claim at once; with none left, the device's last-resort
   * package is handed out and kept. Only users the caller shares a room with (`user.not_found` otherwise).
   */
  async claim(userId: string, userIds: string[]): Promise<ClaimKeyPackagesResponse> {
    await limitE2e(this.d.limiter, 'claim', userId);
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
}
