import { createHash, randomBytes } from 'node:crypto';
import type { LoginPending, TwoFactorSetup, TwoFactorStatus } from '@messenger/shared';
import { AppError } from '../../app-error.ts';
import type { RateLimitRule } from '../../config.ts';
import type { RateLimiter } from '../../state/rate-limiter.ts';
import type { StateStore } from '../../state/index.ts';
import type { UnitOfWork } from '../../db/unit-of-work.ts';
import type { ClientInfo, SessionsService } from '../sessions/sessions.service.ts';
import type { UserRow, UsersRepository } from '../users/users.repository.ts';
import type { LoginResult } from './auth.service.ts';
import { verifyPassword } from './password.ts';
import type { SignInPolicyService } from './sign-in-policy.ts';
import type { TwoFactorRepository } from './two-factor.repository.ts';
import {
  acceptedStep,
  isTotpCode,
  newTotpSecret,
  otpauthUri,
  qrSvg,
  sameDigest,
  type TwoFactorCrypto,
} from './totp.ts';

/** How long the step after the password stays open, and how many codes it takes. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
export const CHALLENGE_ATTEMPTS = 5;
/** How long a secret being set up from the settings waits for its first code. */
const SETUP_TTL_MS = 10 * 60_000;

/** What the sign-in needs of the auth service to finish a login or record a refused one. */
export interface LoginFinisher {
  startSession(user: UserRow, client: ClientInfo, method: string): Promise<LoginResult>;
  auditFailure(
    username: string,
    user: UserRow | undefined,
    reason: string,
    client: ClientInfo,
  ): Promise<void>;
}

export interface TwoFactorServiceDeps {
  repo: TwoFactorRepository;
  users: UsersRepository;
  crypto: TwoFactorCrypto;
  store: StateStore;
  limiter: RateLimiter;
  /** Code attempts per account (RATE_LIMIT_TWO_FACTOR, or as an administrator set it: ADMIN-3). */
  limit: () => Promise<RateLimitRule>;
  sessions: SessionsService;
  /** Each change is written with its audit entry in one transaction (AUDIT-3). */
  uow: UnitOfWork;
  policy: SignInPolicyService;
  login: LoginFinisher;
  /** The name authenticator apps show beside the account (TOTP_ISSUER). */
  issuer: string;
  now: () => number;
}

/** The state kept between the password and the code: whose sign-in, which step, the secret being set up. */
interface Challenge {
  userId: string;
  step: LoginPending['twoFactor']['step'];
  /** The new secret of an enrolment, sealed for the user, once `/setup` made it. */
  sealed?: string;
}

/** A login finished with enrolment: the session and the recovery codes to show once. */
export type EnrolledLogin = LoginResult & { recoveryCodes: string[] };

const challengeKey = (token: string): string =>
  `2fa:challenge:${createHash('sha256').update(token).digest('hex')}`;
const setupKey = (userId: string): string => `2fa:setup:${userId}`;

/**
 * Two-step verification of local accounts (AUTH-16): TOTP (RFC 6238) codes of the current or previous
 * 30-second step, each accepted once, and single-use recovery codes; the step after the password at login,
 * enrolment (from the settings, or at login when the policy requires it), the administrator's reset, and the
 * policy's enforcement on sessions that already exist.
 */
export class TwoFactorService {
  private readonly d: TwoFactorServiceDeps;

  constructor(deps: TwoFactorServiceDeps) {
    this.d = deps;
  }

  // ---- At login ----

  /**
   * Called once the password was right: the step this account must pass before it gets a session (a code
   * when it has a second factor, enrolment when the policy requires one), or null for none.
   */
  async challengeFor(user: UserRow): Promise<LoginPending['twoFactor'] | null> {
    if (user.auth_source !== 'local') return null;
    let step: Challenge['step'];
    if (user.totp_enabled_at !== null) step = 'verify';
    else if (await this.d.policy.requiresTwoFactor(user)) step = 'enroll';
    else return null;
    // A deactivated account learns that before being asked for a code (ACCT-4).
    if (user.deactivated_at !== null) throw new AppError('auth.account_deactivated');
    const token = randomBytes(32).toString('base64url');
    const challenge: Challenge = { userId: user.id, step };
    await this.d.store.set(challengeKey(token), JSON.stringify(challenge), CHALLENGE_TTL_MS);
    return { challenge: token, step };
  }

  /** The code step of a login: a TOTP code or a recovery code gives the session. */
  async verifyLogin(token: string, code: string, client: ClientInfo): Promise<LoginResult> {
    return this.loginStep(token, 'verify', client, async (user) => {
      const method = await this.checkCode(user, code, client, true);
      await this.d.store.del(challengeKey(token));
      return this.d.login.startSession(user, client, `local+${method}`);
    });
  }

  /** The enrolment step of a login: the new secret to scan (the same one if asked again). */
  async loginSetup(token: string): Promise<TwoFactorSetup> {
    const challenge = await this.challenge(token, 'enroll');
    const user = await this.d.users.findById(challenge.userId);
    if (!user || user.deleted_at !== null) throw new AppError('auth.two_factor_challenge_expired');
    let secret: string;
    if (challenge.sealed) {
      secret = this.d.crypto.open(challenge.sealed, user.id);
    } else {
      secret = newTotpSecret();
      const next: Challenge = { ...challenge, sealed: this.d.crypto.seal(secret, user.id) };
      await this.d.store.set(challengeKey(token), JSON.stringify(next), CHALLENGE_TTL_MS);
    }
    return this.present(secret, user);
  }

  /** The first code from the new app turns two-step verification on and gives the session. */
  async loginEnroll(token: string, code: string, client: ClientInfo): Promise<EnrolledLogin> {
    return this.loginStep(token, 'enroll', client, async (user, challenge) => {
      if (!challenge.sealed) throw new AppError('auth.two_factor_setup_expired');
      const recoveryCodes = await this.turnOn(user, challenge.sealed, code, 'login', client.ip);
      await this.d.store.del(challengeKey(token));
      const fresh = (await this.d.users.findById(user.id)) ?? user;
      return { ...(await this.d.login.startSession(fresh, client, 'local+totp')), recoveryCodes };
    });
  }

  /**
   * What both login steps share: the challenge must be open and of this step, the account still there, the
   * attempt within the account's rate limit and the challenge's few tries; every refusal is audited.
   */
  private async loginStep<T>(
    token: string,
    step: Challenge['step'],
    client: ClientInfo,
    finish: (user: UserRow, challenge: Challenge) => Promise<T>,
  ): Promise<T> {
    const challenge = await this.challenge(token, step);
    const user = await this.d.users.findById(challenge.userId);
    try {
      if (!user || user.deleted_at !== null) throw new AppError('auth.two_factor_challenge_expired');
      // An administrator's reset between the password and the code ends this sign-in.
      if (step === 'verify' && user.totp_enabled_at === null)
        throw new AppError('auth.two_factor_challenge_expired');
      await this.d.limiter.consume('twoFactor', await this.d.limit(), [`user:${user.id}`]);
      const tries = await this.d.store.hit(`${challengeKey(token)}:tries`, CHALLENGE_TTL_MS);
      if (tries.count > CHALLENGE_ATTEMPTS) {
        await this.d.store.del(challengeKey(token));
        throw new AppError('auth.two_factor_challenge_expired');
      }
      return await finish(user, challenge);
    } catch (err) {
      if (err instanceof AppError && user)
        await this.d.login.auditFailure(user.username, user, err.code, client);
      throw err;
    }
  }

  /** The open challenge of a token, which must be at `step`. */
  private async challenge(token: string, step: Challenge['step']): Promise<Challenge> {
    const raw = await this.d.store.get(challengeKey(token));
    const challenge = raw ? (JSON.parse(raw) as Challenge) : null;
    if (!challenge || challenge.step !== step) throw new AppError('auth.two_factor_challenge_expired');
    return challenge;
  }

  /**
   * Checks a code of an account with a second factor: a TOTP code of the current or previous step not used
   * before, or (when `recovery` allows it) an unused recovery code, which is used up. Which one it was.
   */
  private async checkCode(
    user: UserRow,
    typed: string,
    client: ClientInfo,
    recovery: boolean,
  ): Promise<'totp' | 'recovery'> {
    const code = typed.replace(/\s/g, '');
    if (isTotpCode(code)) {
      const secret = this.d.crypto.open(user.totp_secret!, user.id);
      const step = acceptedStep(secret, code, this.d.now(), user.totp_last_step);
      // The update is conditional on the last step, so of two requests with one code only one passes.
      if (step === null || !(await this.d.repo.claimStep(user.id, step)))
        throw new AppError('auth.two_factor_invalid');
      return 'totp';
    }
    if (!recovery) throw new AppError('auth.two_factor_invalid');
    const hash = this.d.crypto.hashRecoveryCode(code);
    const unused = await this.d.repo.unusedCodeHashes(user.id);
    // Every stored hash is compared (in constant time), whichever matches.
    let match: string | null = null;
    for (const h of unused) if (sameDigest(h, hash) && match === null) match = h;
    if (match === null) throw new AppError('auth.two_factor_invalid');
    const used = match;
    const now = this.d.now();
    await this.d.uow.transaction(async (tx) => {
      if (!(await tx.twoFactor.useCode(user.id, used, now))) throw new AppError('auth.two_factor_invalid');
      await tx.audit.record(
        {
          actorId: user.id,
          action: 'auth.recovery_code_used',
          targetId: user.id,
          detail: { left: unused.length - 1, ip: client.ip },
        },
        now,
      );
    });
    return 'recovery';
  }

  /** Enables the sealed secret once a first code proves the app has it; the recovery codes, once. */
  private async turnOn(
    user: UserRow,
    sealed: string,
    typed: string,
    method: 'login' | 'settings',
    ip: string | null,
  ): Promise<string[]> {
    const secret = this.d.crypto.open(sealed, user.id);
    const step = acceptedStep(secret, typed.replace(/\s/g, ''), this.d.now(), null);
    if (step === null) throw new AppError('auth.two_factor_invalid');
    const codes = this.d.crypto.newRecoveryCodes();
    const hashes = codes.map((c) => this.d.crypto.hashRecoveryCode(c));
    const now = this.d.now();
    await this.d.uow.transaction(async (tx) => {
      if (!(await tx.twoFactor.enable(user.id, sealed, step, hashes, now)))
        throw new AppError('auth.two_factor_already_enabled');
      await tx.audit.record(
        {
          actorId: user.id,
          action: 'auth.two_factor_enabled',
          targetId: user.id,
          detail: ip ? { method, ip } : { method },
        },
        now,
      );
    });
    return codes;
  }

  private async present(secret: string, user: UserRow): Promise<TwoFactorSetup> {
    const uri = otpauthUri(secret, this.d.issuer, user.username);
    return { secret, otpauthUri: uri, qrSvg: await qrSvg(uri) };
  }

  // ---- Signed in: the account's own settings ----

  /** Whether the account has a second factor, how many recovery codes are left, and whether it must. */
  async status(user: UserRow): Promise<TwoFactorStatus> {
    const enabled = user.totp_enabled_at !== null;
    return {
      enabled,
      enabledAt: enabled ? new Date(Number(user.totp_enabled_at)).toISOString() : null,
      recoveryCodesLeft: enabled ? (await this.d.repo.unusedCodeHashes(user.id)).length : 0,
      required: await this.d.policy.requiresTwoFactor(user),
    };
  }

  /** A new secret to scan; kept (sealed) in the state store until a first code confirms it. */
  async beginSetup(user: UserRow): Promise<TwoFactorSetup> {
    this.assertLocal(user);
    if (user.totp_enabled_at !== null) throw new AppError('auth.two_factor_already_enabled');
    const secret = newTotpSecret();
    await this.d.store.set(setupKey(user.id), this.d.crypto.seal(secret, user.id), SETUP_TTL_MS);
    return this.present(secret, user);
  }

  /** Turns two-step verification on with the secret being set up; returns the recovery codes, once. */
  async enable(user: UserRow, code: string): Promise<string[]> {
    this.assertLocal(user);
    if (user.totp_enabled_at !== null) throw new AppError('auth.two_factor_already_enabled');
    await this.d.limiter.consume('twoFactor', await this.d.limit(), [`user:${user.id}`]);
    const sealed = await this.d.store.get(setupKey(user.id));
    if (!sealed) throw new AppError('auth.two_factor_setup_expired');
    const codes = await this.turnOn(user, sealed, code, 'settings', null);
    await this.d.store.del(setupKey(user.id));
    return codes;
  }

  /** Turns it off, confirmed by the password; refused while the policy requires it for this account. */
  async disable(user: UserRow, password: string): Promise<void> {
    this.assertLocal(user);
    if (user.totp_enabled_at === null) throw new AppError('auth.two_factor_not_enabled');
    if (await this.d.policy.requiresTwoFactor(user)) throw new AppError('auth.two_factor_required');
    if (!(await verifyPassword(user.password_hash, password))) throw new AppError('auth.wrong_password');
    const now = this.d.now();
    await this.d.uow.transaction(async (tx) => {
      await tx.twoFactor.disable(user.id, now);
      await tx.audit.record({ actorId: user.id, action: 'auth.two_factor_disabled', targetId: user.id }, now);
    });
  }

  /** A new set of recovery codes (the old ones stop working), confirmed by a code from the app. */
  async renewRecoveryCodes(user: UserRow, code: string): Promise<string[]> {
    this.assertLocal(user);
    if (user.totp_enabled_at === null) throw new AppError('auth.two_factor_not_enabled');
    await this.d.limiter.consume('twoFactor', await this.d.limit(), [`user:${user.id}`]);
    await this.checkCode(user, code, { ip: '', userAgent: '' }, false);
    const codes = this.d.crypto.newRecoveryCodes();
    const hashes = codes.map((c) => this.d.crypto.hashRecoveryCode(c));
    const now = this.d.now();
    await this.d.uow.transaction(async (tx) => {
      await tx.twoFactor.replaceCodes(user.id, hashes, now);
      await tx.audit.record(
        { actorId: user.id, action: 'auth.recovery_codes_renewed', targetId: user.id },
        now,
      );
    });
    return codes;
  }

  private assertLocal(user: UserRow): void {
    if (user.auth_source !== 'local') throw new AppError('auth.two_factor_local_only');
  }

  // ---- The server administrator ----

  /**
   * Removes an account's second factor and recovery codes (a lost phone) and ends its sessions; audited. At
   * its next sign-in the password alone is enough, or it is led to enrolment if the policy requires it.
   */
  async reset(admin: UserRow, targetId: string): Promise<UserRow> {
    const target = await this.d.users.findById(targetId);
    if (!target || target.deleted_at !== null) throw new AppError('user.not_found');
    const now = this.d.now();
    const ended = await this.d.uow.transaction(async (tx) => {
      if (!(await tx.twoFactor.disable(targetId, now))) throw new AppError('auth.two_factor_not_enabled');
      const ids = await tx.sessions.revokeAllExcept(targetId, null, 'two_factor_reset', now);
      await tx.audit.record({ actorId: admin.id, action: 'auth.two_factor_reset', targetId }, now);
      return ids;
    });
    this.d.sessions.announceEnded(ended, 'two_factor_reset');
    return (await this.d.users.findById(targetId))!;
  }

  /**
   * Before the policy changes: an administrator requiring a second factor that would cover themself must
   * have one first, so that the change does not sign them out of the settings they are using.
   */
  async checkPolicyChange(actorId: string, to: 'optional' | 'admins' | 'everyone'): Promise<void> {
    if (to === 'optional') return;
    const actor = await this.d.users.findById(actorId);
    if (actor?.auth_source === 'local' && actor.totp_enabled_at === null)
      throw new AppError('auth.two_factor_enroll_first');
  }

  /**
   * After the policy changed: the local accounts it now covers that have no second factor are signed out
   * everywhere (their sockets too); their next sign-in leads them to enrolment. Returns how many accounts.
   */
  async enforcePolicy(level: 'optional' | 'admins' | 'everyone'): Promise<number> {
    if (level === 'optional') return 0;
    const ids = await this.d.repo.unenrolledLocalUsers(level);
    for (const id of ids) await this.d.sessions.revokeAllExcept(id, null, 'two_factor_required');
    return ids.length;
  }
}
