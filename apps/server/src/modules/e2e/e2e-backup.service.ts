import {
  E2E_RECOVERY_LIMITS,
  type HistoryKeysResponse,
  type PostHistoryKeysBody,
  type PostHistoryKeysResponse,
  type PutSecretStoreBody,
  type RecoveryUsedBody,
  type PutVerifiedMarkBody,
  type SecretStore,
  type VerifiedMark,
} from '@messenger/shared';
import { AppError } from '../../app-error.ts';
import type { ConversationRepos, UnitOfWork } from '../../db/unit-of-work.ts';
import type { RateLimiter } from '../../state/rate-limiter.ts';
import { limitE2e, requireE2eMember, requireOwnDevice } from './e2e.policy.ts';
import type { SecretStoreRow, VerifiedMarkRow } from './e2e-backup.repository.ts';

export interface E2eBackupServiceDeps {
  uow: UnitOfWork;
  limiter: RateLimiter;
  now: () => number;
}

const presentSecretStore = (r: SecretStoreRow): SecretStore => ({
  version: r.version,
  blob: r.blob,
  updatedAt: new Date(r.updated_at).toISOString(),
});

const presentMark = (r: VerifiedMarkRow): VerifiedMark => ({
  userId: r.target_user_id,
  mskPub: r.msk_pub,
  sig: r.sig,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/**
 * Recovery (E2E-63..E2E-66): a user's secret store and history entries. Each is the caller's own: nobody
 * reads or writes another user's, and history entries only for encrypted rooms the caller is a member of.
 */
export class E2eBackupService {
  private readonly d: E2eBackupServiceDeps;

  constructor(deps: E2eBackupServiceDeps) {
    this.d = deps;
  }

  private get repos(): ConversationRepos {
    return this.d.uow.repos;
  }

  /** The caller's secret store; `e2e.secret_store_not_found` before recovery is set up (E2E-63). */
  async secretStore(userId: string): Promise<SecretStore> {
    const row = await this.repos.e2eBackup.secretStore(userId);
    if (!row) throw new AppError('e2e.secret_store_not_found');
    return presentSecretStore(row);
  }

  /**
   * Sets up or replaces the caller's secret store from the version it last saw (E2E-63): a concurrent
   * replacement is `e2e.secret_store_stale`. Audited as `e2e.recovery_set_up` with the versions only.
   */
  async putSecretStore(userId: string, input: PutSecretStoreBody): Promise<SecretStore> {
    await limitE2e(this.d.limiter, 'write', userId);
    const now = this.d.now();
    return this.d.uow.transaction(async (tx) => {
      if (!(await tx.e2eBackup.putSecretStore(userId, input.fromVersion, input.blob, now)))
        throw new AppError('e2e.secret_store_stale');
      const detail = { fromVersion: input.fromVersion, toVersion: input.fromVersion + 1 };
      await tx.audit.record(
        { actorId: userId, action: 'e2e.recovery_set_up', targetId: userId, detail },
        now,
      );
      return presentSecretStore((await tx.e2eBackup.secretStore(userId))!);
    });
  }

  /**
   * Records that one of the caller's devices was set up from the recovery key (E2E-63), for the admin audit:
   * the device and store version, nothing secret. The client says so after its new device is registered.
   */
  async recoveryUsed(userId: string, input: RecoveryUsedBody): Promise<void> {
    await limitE2e(this.d.limiter, 'write', userId);
    await requireOwnDevice(this.repos, userId, input.deviceId);
    if (!(await this.repos.e2eBackup.secretStore(userId))) throw new AppError('e2e.secret_store_not_found');
    const now = this.d.now();
    await this.d.uow.transaction((tx) =>
      tx.audit.record(
        {
          actorId: userId,
          action: 'e2e.recovery_used',
          targetId: input.deviceId,
          detail: { version: input.version },
        },
        now,
      ),
    );
  }

  /**
   * Keeps history entries of the caller (E2E-64). Entries for a room that is not an encrypted room the caller
   * is a member of are not stored and that room is listed as refused (so a device that left a room stops
   * offering them); an entry already stored for the same room and epoch stays as it was.
   */
  async postHistoryKeys(userId: string, input: PostHistoryKeysBody): Promise<PostHistoryKeysResponse> {
    await limitE2e(this.d.limiter, 'write', userId);
    const mine = new Set(await this.repos.e2e.e2eRoomIdsOf(userId));
    const refused = [...new Set(input.entries.map((e) => e.roomId).filter((id) => !mine.has(id)))];
    const entries = input.entries.filter((e) => mine.has(e.roomId));
    const stored = await this.repos.e2eBackup.insertHistoryKeys(userId, entries, this.d.now());
    return { stored, refused };
  }

  /**
   * The caller's own entries for a room it is a member of, by epoch above `after` (E2E-65); anyone else gets
   * `room.not_found`, and nobody ever gets another user's entries.
   */
  async historyKeys(userId: string, roomId: string, after: number): Promise<HistoryKeysResponse> {
    await requireE2eMember(this.repos, roomId, userId);
    const page = E2E_RECOVERY_LIMITS.historyPage;
    const rows = await this.repos.e2eBackup.historyKeys(userId, roomId, after, page + 1);
    return { entries: rows.slice(0, page), hasMore: rows.length > page };
  }

  /** The caller's verified marks, for its devices to check and adopt (E2E-89). */
  async verifiedMarks(userId: string): Promise<VerifiedMark[]> {
    return (await this.repos.e2eBackup.verifiedMarks(userId)).map(presentMark);
  }

  /**
   * Keeps the caller's verified mark for another person (E2E-89). The server cannot check what the mark
   * means (the caller's devices do, with the caller's master key); it only keeps marks about real people who
   * are not the caller: anyone else is `user.not_found`.
   */
  async putVerifiedMark(userId: string, targetId: string, input: PutVerifiedMarkBody): Promise<VerifiedMark> {
    await limitE2e(this.d.limiter, 'write', userId);
    if (targetId === userId || !(await this.repos.users.findById(targetId)))
      throw new AppError('user.not_found');
    const row = { target_user_id: targetId, msk_pub: input.mskPub, sig: input.sig, updated_at: this.d.now() };
    await this.repos.e2eBackup.putVerifiedMark(userId, row);
    return presentMark(row);
  }
}
