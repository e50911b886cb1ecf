import type { ChangePasswordBody, LoginBody, RegisterBody } from '@messenger/shared';
import type { z } from 'zod';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../app-error.ts';
import { UniqueViolation, type UserRow, type UsersRepository } from '../users/users.repository.ts';
import type { ClientInfo, SessionsService } from '../sessions/sessions.service.ts';
import type { SessionRow } from '../sessions/sessions.repository.ts';
import { burnVerification, hashPassword, verifyPassword } from './password.ts';

export interface AuthServiceDeps {
  users: UsersRepository;
  sessions: SessionsService;
  openRegistration: boolean;
  now: () => number;
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
  async register(input: z.output<typeof RegisterBody>, client: ClientInfo): Promise<LoginResult> {
    if (!this.d.openRegistration) throw new AppError('auth.registration_closed');
    const user = await this.createUser(
      input.username,
      input.password,
      input.nickname ?? input.username,
      false,
    );
    const { token, session } = await this.d.sessions.create(user.id, client);
    return { user, session, token };
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

  /** Checks credentials and starts a new session; never says whether the username exists. */
  async login(input: z.output<typeof LoginBody>, client: ClientInfo): Promise<LoginResult> {
    const user = await this.d.users.findByUsername(input.username.trim());
    if (!user) {
      await burnVerification(input.password);
      throw new AppError('auth.invalid_credentials');
    }
    if (!(await verifyPassword(user.password_hash, input.password)))
      throw new AppError('auth.invalid_credentials');
    // Said only to someone who knows the password (ACCT-4).
    if (user.deactivated_at !== null) throw new AppError('auth.account_deactivated');
    const { token, session } = await this.d.sessions.create(user.id, client);
    return { user, session, token };
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
    if (!(await verifyPassword(user.password_hash, input.currentPassword)))
      throw new AppError('auth.wrong_password');
    await this.d.users.updatePassword(user.id, await hashPassword(input.newPassword), this.d.now());
    return this.d.sessions.revokeAllExcept(user.id, currentSessionId, 'password_changed');
  }
}
