import type { ChangePasswordBody, LoginBody, LoginPending, RegisterBody } from '@messenger/shared';
import type { z } from 'zod';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../app-error.ts';
import { UniqueViolation, type UserRow, type UsersRepository } from '../users/users.repository.ts';
import type { ClientInfo, SessionsService } from '../sessions/sessions.service.ts';
import type { SessionRow } from '../sessions/sessions.repository.ts';
import { Nickname, Username } from '@messenger/shared';
import { DirectoryUnreachableError, type Directory, type DirectoryUser } from './ldap-directory.ts';
import { burnVerification, hashPassword, verifyPassword } from './password.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { UnitOfWork } from '../../db/unit-of-work.ts';
import type { SignInPolicyService } from './sign-in-policy.ts';
import type { OidcIdentity } from './oidc.ts';

/** The password hash of a directory account: no password of ours ever matches it. */
const NO_LOCAL_PASSWORD = '!directory';
/** The password hash of an OpenID provider's account. */
const NO_OIDC_PASSWORD = '!oidc';

export interface AuthServiceDeps {
  users: UsersRepository;
  sessions: SessionsService;
  /** The administrator's sign-in switches (AUTH-14). */
  policy: SignInPolicyService;
  /** Refused sign-ins are audited (AUTH-14). */
  audit: AuditRepository;
  /** A sign-in and its audit entry are one transaction, as is an account's link to a provider (AUDIT-3). */
  uow: UnitOfWork;
  now: () => number;
  /** The company directory, when LDAP is configured (AUTH-13). */
  directory?: Directory | null;
  /** The step a local account must pass after its password: a second factor, or enrolling one (AUTH-16). */
  secondFactor?: { challengeFor(user: UserRow): Promise<LoginPending['twoFactor'] | null> };
}

/** A fresh login: the user, their new session and the cookie token for it. */
export interface LoginResult {
  user: UserRow;
  session: SessionRow;
  token: string;
}

/** Registration, login, logout and password changes (SPEC AUTH-*). */
export class AuthService {
  private readonly d: AuthServiceDeps;

  constructor(deps: AuthServiceDeps) {
    this.d = deps;
  }

  /** Creates an account (the first one is server admin) and logs it in. */
  async register(
    input: z.output<typeof RegisterBody>,
    client: ClientInfo,
  ): Promise<LoginResult | LoginPending> {
    // A new local account could not sign in again with local login off: sign-up is closed with it.
    const policy = await this.d.policy.get();
    if (!policy.localSignup || !policy.localLogin) throw new AppError('auth.registration_closed');
    const user = await this.createUser(
      input.username,
      input.password,
      input.nickname ?? input.username,
      false,
    );
    // When every account must have a second factor, a new one sets it up before its first session.
    const pending = await this.d.secondFactor?.challengeFor(user);
    if (pending) return { twoFactor: pending };
    return this.startSession(user, client, 'signup');
  }

  /** Creates a user without logging in (sign-up and `messenger create-admin`). */
  async createUser(
    username: string,
    password: string,
    nickname: string,
    forceAdmin: boolean,
  ): Promise<UserRow> {
    if (await this.d.users.findByUsername(username)) throw new AppError('user.username_taken');
    const now = this.d.now();
    try {
      return await this.d.users.insert(
        {
          id: uuidv7(),
          username,
          username_lower: username.toLowerCase(),
          nickname,
          password_hash: await hashPassword(password),
          created_at: now,
          updated_at: now,
        },
        forceAdmin,
      );
    } catch (err) {
      if (err instanceof UniqueViolation) throw new AppError('user.username_taken');
      throw err;
    }
  }

  /**
   * Checks credentials and starts a new session; never says whether the username exists. A local account
   * signs in with its password here, whether or not a directory is configured or up; any other username goes
   * to the company directory when there is one (AUTH-13). Every attempt is audited (AUTH-14).
   */
  async login(input: z.output<typeof LoginBody>, client: ClientInfo): Promise<LoginResult | LoginPending> {
    const username = input.username.trim();
    let user: UserRow | undefined;
    try {
      user = await this.d.users.findByUsername(username);
      if (user?.auth_source === 'local') {
        if (!(await verifyPassword(user.password_hash, input.password)))
          throw new AppError('auth.invalid_credentials');
        // Said only to someone who knows the password, like deactivation.
        if (!(await this.d.policy.allowsLocalLogin(user))) throw new AppError('auth.local_login_disabled');
        // No session before the second factor (AUTH-16).
        const pending = await this.d.secondFactor?.challengeFor(user);
        if (pending) return { twoFactor: pending };
      } else if (this.d.directory) {
        user = await this.directoryLogin(username, input.password);
      } else {
        // A directory account while no directory is configured signs in nowhere.
        await burnVerification(input.password);
        throw new AppError('auth.invalid_credentials');
      }
      return await this.startSession(user, client, user.auth_source);
    } catch (err) {
      if (err instanceof AppError) await this.auditFailure(username, user, err.code, client);
      throw err;
    }
  }

  /**
   * The end of every successful sign-in (password, directory, OIDC): refused for a deactivated account
   * (ACCT-4), audited, and a new session.
   */
  async startSession(user: UserRow, client: ClientInfo, method: string): Promise<LoginResult> {
    if (user.deactivated_at !== null) throw new AppError('auth.account_deactivated');
    const { token, session } = this.d.sessions.prepare(user.id, client);
    await this.d.uow.transaction(async (tx) => {
      await tx.sessions.insert(session);
      await tx.audit.record(
        { actorId: user.id, action: 'auth.login', targetId: user.id, detail: { method, ip: client.ip } },
        this.d.now(),
      );
    });
    return { user, session, token };
  }

  /** Writes a refused sign-in to the audit log: who was tried, from where and why (never the password). */
  async auditFailure(
    username: string,
    user: UserRow | undefined,
    reason: string,
    client: ClientInfo,
  ): Promise<void> {
    await this.d.audit.record(
      {
        actorId: null,
        action: 'auth.login_failed',
        targetId: user?.deleted_at === null ? user.id : null,
        detail: { username: username.slice(0, 64), reason, ip: client.ip },
      },
      this.d.now(),
    );
  }

  /** Asks the directory; provisions the account on its first sign-in and refreshes it on every one. */
  private async directoryLogin(username: string, password: string): Promise<UserRow> {
    let found: DirectoryUser | null;
    try {
      found = await this.d.directory!.authenticate(username, password);
    } catch (err) {
      if (err instanceof DirectoryUnreachableError)
        throw new AppError('auth.directory_unreachable', { cause: err });
      throw err;
    }
    if (!found) throw new AppError('auth.invalid_credentials');
    const name = Username.safeParse(found.username);
    if (!name.success) throw new AppError('auth.directory_username_invalid');
    const nick = Nickname.safeParse(found.displayName);
    const nickname = nick.success ? nick.data : name.data;
    const now = this.d.now();
    let user = await this.d.users.findByUsername(name.data);
    if (user && (user.auth_source !== 'ldap' || user.external_id !== found.dn))
      throw new AppError('auth.directory_username_taken');
    if (!user) {
      try {
        user = await this.d.users.insert({
          id: uuidv7(),
          username: name.data,
          username_lower: name.data.toLowerCase(),
          nickname,
          password_hash: NO_LOCAL_PASSWORD,
          auth_source: 'ldap',
          external_id: found.dn,
          created_at: now,
          updated_at: now,
        });
      } catch (err) {
        if (err instanceof UniqueViolation) throw new AppError('auth.directory_username_taken');
        throw err;
      }
    }
    const refreshed = { nickname, email: found.email, department: found.department, isAdmin: found.isAdmin };
    await this.d.users.refreshFromDirectory(user.id, refreshed, now);
    return {
      ...user,
      nickname,
      email: found.email,
      department: found.department,
      is_admin: found.isAdmin ? 1 : 0,
    };
  }

  /**
   * Signs in whom the OpenID provider vouched for (AUTH-15): their account, else (when the policy allows) the
   * one local account with their verified e-mail, linked for good, else a new account. Name, mail and
   * department follow the provider at every sign-in, and the admin flag its admin group when one is set.
   */
  async ssoLogin(identity: OidcIdentity, client: ClientInfo): Promise<LoginResult> {
    let user = await this.d.users.findByExternalId('oidc', identity.sub);
    try {
      const now = this.d.now();
      if (!user) user = await this.linkByEmail(identity, client);
      if (!user) {
        const name = Username.safeParse(identity.username ?? '');
        if (!name.success) throw new AppError('auth.sso_username_invalid');
        if (await this.d.users.findByUsername(name.data)) throw new AppError('auth.sso_username_taken');
        try {
          user = await this.d.users.insert({
            id: uuidv7(),
            username: name.data,
            username_lower: name.data.toLowerCase(),
            nickname: name.data,
            password_hash: NO_OIDC_PASSWORD,
            auth_source: 'oidc',
            external_id: identity.sub,
            created_at: now,
            updated_at: now,
          });
        } catch (err) {
          if (err instanceof UniqueViolation) throw new AppError('auth.sso_username_taken');
          throw err;
        }
      }
      const nick = Nickname.safeParse(identity.displayName ?? '');
      const nickname = nick.success ? nick.data : user.nickname;
      const refreshed = {
        nickname,
        email: identity.email,
        department: identity.department,
        isAdmin: identity.isAdmin,
      };
      await this.d.users.refreshFromDirectory(user.id, refreshed, now);
      user = (await this.d.users.findById(user.id))!;
      return await this.startSession(user, client, 'oidc');
    } catch (err) {
      if (err instanceof AppError)
        await this.auditFailure(identity.username ?? identity.sub, user, err.code, client);
      throw err;
    }
  }

  /**
   * With `linkOidcByEmail` on, the first sign-in of a verified address that exactly one active local account
   * has takes that account over (never the break-glass administrator's); audited. The address was typed by
   * the account's owner, unproven: every session the account had ends, so whoever typed someone else's
   * address keeps no way into what becomes that person's account.
   */
  private async linkByEmail(identity: OidcIdentity, client: ClientInfo): Promise<UserRow | undefined> {
    if (!identity.email || !(await this.d.policy.get()).linkOidcByEmail) return undefined;
    const matches = await this.d.users.findLocalByEmail(identity.email);
    const breakGlass = await this.d.policy.breakGlassUser();
    if (matches.length !== 1 || matches[0]!.id === breakGlass?.id) return undefined;
    const user = matches[0]!;
    const now = this.d.now();
    const ended = await this.d.uow.transaction(async (tx) => {
      await tx.users.linkToOidc(user.id, identity.sub, NO_OIDC_PASSWORD, now);
      const ids = await tx.sessions.revokeAllExcept(user.id, null, 'revoked', now);
      await tx.audit.record(
        {
          actorId: user.id,
          action: 'auth.sso_linked',
          targetId: user.id,
          detail: { email: identity.email, ip: client.ip },
        },
        now,
      );
      return ids;
    });
    this.d.sessions.announceEnded(ended, 'revoked');
    return { ...user, auth_source: 'oidc', external_id: identity.sub, password_hash: NO_OIDC_PASSWORD };
  }

  /** Ends the current session. */
  async logout(userId: string, sessionId: string): Promise<void> {
    await this.d.sessions.revoke(userId, sessionId, 'logout');
  }

  /** Changes the password and ends every other session of the user (seed R-02). */
  async changePassword(
    user: UserRow,
    currentSessionId: string,
    input: z.output<typeof ChangePasswordBody>,
  ): Promise<number> {
    if (user.auth_source !== 'local') throw new AppError('auth.directory_managed');
    if (!(await verifyPassword(user.password_hash, input.currentPassword)))
      throw new AppError('auth.wrong_password');
    const hash = await hashPassword(input.newPassword);
    const now = this.d.now();
    const ended = await this.d.uow.transaction(async (tx) => {
      await tx.users.updatePassword(user.id, hash, now);
      const ids = await tx.sessions.revokeAllExcept(user.id, currentSessionId, 'password_changed', now);
      await tx.audit.record(
        {
          actorId: user.id,
          action: 'auth.password_changed',
          targetId: user.id,
          detail: { sessionsEnded: ids.length },
        },
        now,
      );
      return ids;
    });
    this.d.sessions.announceEnded(ended, 'password_changed');
    return ended.length;
  }

  /** Ends one of the user's own sessions (from the session list), audited with it (AUDIT-1). */
  async revokeSession(userId: string, sessionId: string): Promise<void> {
    const now = this.d.now();
    await this.d.uow.transaction(async (tx) => {
      if (!(await tx.sessions.revoke(userId, sessionId, 'revoked', now)))
        throw new AppError('session.not_found');
      await tx.audit.record(
        { actorId: userId, action: 'auth.session_revoked', targetId: userId, detail: { sessionId } },
        now,
      );
    });
    this.d.sessions.announceEnded([sessionId], 'revoked');
  }
}
