import type { AdminCreateUserBody, AdminUser, UserUpdated } from '@messenger/shared';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { presentAdminUser } from './account.presenter.ts';
import { AppError } from '../../app-error.ts';
import type { ConversationRepos, UnitOfWork } from '../../db/unit-of-work.ts';
import { hashPassword, temporaryPassword, verifyPassword } from '../auth/password.ts';
import type { MemberRemoval, RoomsService } from '../rooms/rooms.service.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { Timeline } from '../timeline/timeline.ts';
import { pageByUsername } from '../users/user-pages.ts';
import { presentUserSummary } from '../users/users.presenter.ts';
import { UniqueViolation, type UserRow } from '../users/users.repository.ts';

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
    await this.remove(user, { actorId: user.id, action: 'account.deleted' });
  }

  /**
   * A server admin deletes someone else's account (ACCT-7) with the rules of ACCT-1..3, any sign-in source:
   * never their own (`admin.self`), never the last active administrator (ACCT-9). Audited `user.deleted`.
   */
  async deleteUser(admin: UserRow, targetId: string): Promise<void> {
    if (targetId === admin.id) throw new AppError('admin.self');
    const target = await this.repos.users.findById(targetId);
    if (!target || target.deleted_at !== null) throw new AppError('user.not_found');
    await this.remove(target, { actorId: admin.id, action: 'user.deleted' });
  }

  /** The deletion itself (ACCT-1..3), one transaction; events, sockets and bytes after the commit. */
  private async remove(
    user: UserRow,
    audit: { actorId: string; action: 'account.deleted' | 'user.deleted' },
  ): Promise<void> {
    const now = this.d.now();
    const done = await this.d.uow.transaction(async (tx) => {
      await this.keepAnAdmin(tx, user.id);
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
        { ...audit, targetId: user.id, detail: { messages: this.d.deletedUserMessages } },
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

  /**
   * Refuses (`admin.last_admin`) when `losingId` is the only active administrator, in the transaction that
   * takes the role away: the administrators' rows stay locked until it ends (ACCT-9).
   */
  private async keepAnAdmin(tx: ConversationRepos, losingId: string): Promise<void> {
    const admins = await tx.users.lockActiveAdmins();
    if (admins.includes(losingId) && admins.length === 1) throw new AppError('admin.last_admin');
  }

  /**
   * A server admin creates a local account (ACCT-7), validated like a sign-up. Without a password one is
   * generated and answered this once; either way the account chooses its own at its first sign-in. Audited.
   */
  async createUser(
    admin: UserRow,
    input: z.output<typeof AdminCreateUserBody>,
  ): Promise<{ user: AdminUser; temporaryPassword: string | null }> {
    if (await this.repos.users.findByUsername(input.username)) throw new AppError('user.username_taken');
    const generated = input.password === undefined ? temporaryPassword() : null;
    const passwordHash = await hashPassword(input.password ?? generated!);
    const now = this.d.now();
    try {
      const row = await this.d.uow.transaction(async (tx) => {
        const created = await tx.users.insert({
          id: uuidv7(),
          username: input.username,
          username_lower: input.username.toLowerCase(),
          nickname: input.nickname ?? input.username,
          password_hash: passwordHash,
          must_change_password: 1,
          created_at: now,
          updated_at: now,
        });
        await tx.audit.record(
          {
            actorId: admin.id,
            action: 'user.created',
            targetId: created.id,
            detail: { username: created.username, generatedPassword: generated !== null },
          },
          now,
        );
        return created;
      });
      return { user: presentAdminUser(row), temporaryPassword: generated };
    } catch (err) {
      if (err instanceof UniqueViolation) throw new AppError('user.username_taken');
      throw err;
    }
  }

  /**
   * A server admin gives a local account a generated temporary password (ACCT-8), answered this once: every
   * session ends and the account must choose a new password at its next sign-in. Audited, never the password.
   */
  async resetPassword(
    admin: UserRow,
    targetId: string,
  ): Promise<{ user: AdminUser; temporaryPassword: string; revokedSessions: number }> {
    if (targetId === admin.id) throw new AppError('admin.self');
    const target = await this.repos.users.findById(targetId);
    if (!target || target.deleted_at !== null) throw new AppError('user.not_found');
    if (target.auth_source !== 'local') throw new AppError('admin.account_not_local');
    const password = temporaryPassword();
    const passwordHash = await hashPassword(password);
    const now = this.d.now();
    const sessionIds = await this.d.uow.transaction(async (tx) => {
      await tx.users.setTemporaryPassword(targetId, passwordHash, now);
      const ended = await tx.sessions.revokeAllExcept(targetId, null, 'password_reset', now);
      await tx.audit.record(
        { actorId: admin.id, action: 'user.password_reset', targetId, detail: { sessions: ended.length } },
        now,
      );
      return ended;
    });
    this.d.sessions.announceEnded(sessionIds, 'password_reset');
    const row = (await this.repos.users.findById(targetId))!;
    return { user: presentAdminUser(row), temporaryPassword: password, revokedSessions: sessionIds.length };
  }

  /** Server admins (checked by the route): accounts with their state, by username (ACCT-4). */
  async listUsers(q: {
    q?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  }): Promise<{ users: AdminUser[]; nextCursor: string | null }> {
    const { rows, nextCursor } = await pageByUsername(this.repos.users, q, true);
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
      const ended = await this.d.uow.transaction(async (tx) => {
        if (deactivated) await this.keepAnAdmin(tx, targetId);
        await tx.users.setDeactivated(targetId, deactivated ? now : null, now);
        const action = deactivated ? 'user.deactivated' : 'user.reactivated';
        await tx.audit.record({ actorId: admin.id, action, targetId }, now);
        return deactivated ? await tx.sessions.revokeAllExcept(targetId, null, 'deactivated', now) : [];
      });
      this.d.sessions.announceEnded(ended, 'deactivated');
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
        if (!isAdmin) await this.keepAnAdmin(tx, targetId);
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

  /**
   * Ends every session of another account at once, its open sockets included (ACCT-6), audited in the same
   * transaction (AUDIT-3); the sockets close after the commit.
   */
  async signOutEverywhere(admin: UserRow, targetId: string): Promise<number> {
    await this.otherAccount(admin, targetId);
    const now = this.d.now();
    const ended = await this.d.uow.transaction(async (tx) => {
      const ids = await tx.sessions.revokeAllExcept(targetId, null, 'signed_out_by_admin', now);
      await tx.audit.record(
        { actorId: admin.id, action: 'user.signed_out', targetId, detail: { sessions: ids.length } },
        now,
      );
      return ids;
    });
    this.d.sessions.announceEnded(ended, 'signed_out_by_admin');
    return ended.length;
  }
}
