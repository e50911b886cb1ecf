import type { AdminUser, UserUpdated } from '@messenger/shared';
import { presentAdminUser } from './account.presenter.ts';
import { AppError } from '../../app-error.ts';
import type { ConversationRepos, UnitOfWork } from '../../db/unit-of-work.ts';
import { verifyPassword } from '../auth/password.ts';
import type { MemberRemoval, RoomsService } from '../rooms/rooms.service.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { Timeline } from '../timeline/timeline.ts';
import { pageByUsername } from '../users/user-pages.ts';
import { presentUserSummary } from '../users/users.presenter.ts';
import type { UserRow } from '../users/users.repository.ts';

/** What happens to a deleted user's messages: kept under "(deleted user)", or removed as tombstones. */
export type DeletedUserMessages = 'keep' | 'remove';

export interface AccountServiceDeps {
  uow: UnitOfWork;
  rooms: RoomsService;
  /** Tombstones the user's messages (ACCT-2) and announces them, files' bytes removed after the commit. */
  timeline: Timeline;
  sessions: SessionsService;
  /** Removes the profile image's bytes after the row changed. */
  bytes: {
    removeAvatar(userId: string, version: number): Promise<void>;
  };
  events: {
    userUpdated(roomIds: string[], payload: UserUpdated): void;
    /** The user is no longer a server admin: their sockets stop receiving the live status (ADMIN-4). */
    adminRevoked?(userId: string): void;
  };
  deletedUserMessages: DeletedUserMessages;
  /** Whether the sign-in policy requires this account to have a second factor (AUTH-16). */
  twoFactorRequired?: (user: UserRow) => Promise<boolean>;
  now: () => number;
}

/**
 * Deleting one's own account and server admins deactivating accounts (ACCT-*). A deleted account keeps an
 * anonymized row, so every message, file, reaction and audit entry that names it still holds its foreign key.
 */
export class AccountService {
  private readonly d: AccountServiceDeps;

  constructor(deps: AccountServiceDeps) {
    this.d = deps;
  }

  private get repos(): ConversationRepos {
    return this.d.uow.repos;
  }

  /**
   * Deletes the caller's account, confirmed by their password (ACCT-1), in one transaction: the sessions end,
   * the user leaves every group (each keeps an owner, ROOM-5), direct rooms become read-only (ACCT-3),
   * messages stay or become tombstones (ACCT-2), the row is anonymized and audited. A failure anywhere leaves
   * everything as it was. Only after the commit are sockets closed (on every process), the changes announced
   * and bytes (profile image, files of removed messages) removed.
   */
  async deleteAccount(user: UserRow, password: string): Promise<void> {
    // A directory account would come back at its next sign-in: the administrator removes it (AUTH-13).
    if (user.auth_source !== 'local') throw new AppError('account.directory_managed');
    if (!(await verifyPassword(user.password_hash, password))) throw new AppError('auth.wrong_password');
    const now = this.d.now();
    const done = await this.d.uow.transaction(async (tx) => {
      const sessionIds = await tx.sessions.revokeAllExcept(user.id, null, 'account_deleted', now);
      const memberships = await tx.rooms.roomsOf(user.id);
      const removals: MemberRemoval[] = [];
      const direct: string[] = [];
      for (const { room } of memberships) {
        if (room.kind !== 'group') direct.push(room.id);
        else {
          // Kicked or left since roomsOf (another transaction's commit): that room is done already.
          const removal = await this.d.rooms.leaveIn(tx, user.id, room.id, now);
          if (removal) removals.push(removal);
        }
      }
      for (const roomId of direct) {
        await tx.rooms.updateRoom(roomId, { post_policy: 'closed' });
        await tx.rooms.removeMember(roomId, user.id);
      }
      const removed =
        this.d.deletedUserMessages === 'remove'
          ? await this.d.timeline.tombstone(tx, await tx.messages.liveBySender(user.id), user.id, now)
          : null;
      const avatarVersion = (await tx.users.findById(user.id))?.avatar_version ?? 0;
      await tx.users.anonymize(user.id, now);
      await tx.audit.record(
        {
          actorId: user.id,
          action: 'account.deleted',
          targetId: user.id,
          detail: { messages: this.d.deletedUserMessages },
        },
        now,
      );
      const roomIds = memberships.map((m) => m.room.id);
      return { sessionIds, removals, direct, removed, avatarVersion, roomIds };
    });
    // Committed. Their tabs go first, so nothing more comes from them while the rooms hear of it.
    this.d.sessions.announceEnded(done.sessionIds, 'account_deleted');
    for (const removal of done.removals) await this.d.rooms.announceRemoval(removal);
    for (const roomId of done.direct) await this.d.rooms.announceRoom(roomId);
    this.d.events.userUpdated(done.roomIds, {
      user: presentUserSummary(undefined, user.id),
      statusMessage: '',
    });
    if (done.removed) await this.d.timeline.publish(done.removed);
    await this.d.bytes.removeAvatar(user.id, done.avatarVersion);
  }

  /** Server admins (checked by the route): accounts with their state, by username (ACCT-4). */
  async listUsers(q: {
    q?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  }): Promise<{ users: AdminUser[]; nextCursor: string | null }> {
    const { rows, nextCursor } = await pageByUsername(this.repos.users, q);
    return { users: rows.map(presentAdminUser), nextCursor };
  }

  /**
   * Deactivates (or reactivates) an account, reversibly (ACCT-4): a deactivated user cannot log in and their
   * sessions end at once; their rooms and messages stay. Audited. `admin` is a server admin (the route checks).
   */
  async setDeactivated(admin: UserRow, targetId: string, deactivated: boolean): Promise<AdminUser> {
    if (targetId === admin.id) throw new AppError('admin.self');
    const target = await this.repos.users.findById(targetId);
    if (!target || target.deleted_at !== null) throw new AppError('user.not_found');
    const now = this.d.now();
    if ((target.deactivated_at !== null) !== deactivated) {
      await this.d.uow.transaction(async (tx) => {
        await tx.users.setDeactivated(targetId, deactivated ? now : null, now);
        const action = deactivated ? 'user.deactivated' : 'user.reactivated';
        await tx.audit.record({ actorId: admin.id, action, targetId }, now);
      });
      if (deactivated) await this.d.sessions.revokeAllExcept(targetId, null, 'deactivated');
      const row = (await this.repos.users.findById(targetId))!;
      this.d.events.userUpdated(await this.repos.rooms.roomIdsOf(targetId), {
        user: presentUserSummary(row, row.id),
        statusMessage: row.status_message,
      });
    }
    return presentAdminUser((await this.repos.users.findById(targetId))!);
  }

  /** Someone else's live account, for a server admin's action on it. */
  private async otherAccount(admin: UserRow, targetId: string): Promise<UserRow> {
    if (targetId === admin.id) throw new AppError('admin.self_change');
    const target = await this.repos.users.findById(targetId);
    if (!target || target.deleted_at !== null) throw new AppError('user.not_found');
    return target;
  }

  /**
   * Grants or removes server administration (ACCT-5), audited. The caller is an administrator and cannot
   * change their own role, so one always remains. A new administrator whom the policy requires to have a
   * second factor, and who has none, is signed out and set it up at the next sign-in (AUTH-16).
   */
  async setServerAdmin(admin: UserRow, targetId: string, isAdmin: boolean): Promise<AdminUser> {
    const target = await this.otherAccount(admin, targetId);
    const now = this.d.now();
    if ((target.is_admin === 1) !== isAdmin) {
      await this.d.uow.transaction(async (tx) => {
        await tx.users.setAdmin(targetId, isAdmin, now);
        const action = isAdmin ? 'user.admin_granted' : 'user.admin_revoked';
        await tx.audit.record({ actorId: admin.id, action, targetId }, now);
      });
      if (!isAdmin) this.d.events.adminRevoked?.(targetId);
      const row = (await this.repos.users.findById(targetId))!;
      if (isAdmin && row.totp_enabled_at === null && (await this.d.twoFactorRequired?.(row)))
        await this.d.sessions.revokeAllExcept(targetId, null, 'two_factor_required');
    }
    return presentAdminUser((await this.repos.users.findById(targetId))!);
  }

  /** Ends every session of another account at once, its open sockets included (ACCT-6), audited. */
  async signOutEverywhere(admin: UserRow, targetId: string): Promise<number> {
    await this.otherAccount(admin, targetId);
    const revoked = await this.d.sessions.revokeAllExcept(targetId, null, 'signed_out_by_admin');
    await this.repos.audit.record(
      { actorId: admin.id, action: 'user.signed_out', targetId, detail: { sessions: revoked } },
      this.d.now(),
    );
    return revoked;
  }
}
