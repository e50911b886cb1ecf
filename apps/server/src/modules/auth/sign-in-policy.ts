import { SignInPolicy, type SignInPolicyUpdate } from '@messenger/shared';
import { AppError } from '../../app-error.ts';
import type { UnitOfWork } from '../../db/unit-of-work.ts';
import type { SettingsRepository } from '../system/settings.repository.ts';
import type { UserRow, UsersRepository } from '../users/users.repository.ts';

const KEY = 'sign_in_policy';

export interface SignInPolicyDeps {
  settings: SettingsRepository;
  users: UsersRepository;
  /** A change is written with its audit entry in one transaction (AUDIT-3). */
  uow: UnitOfWork;
  /** What the policy is before an administrator changes it (OPEN_REGISTRATION decides sign-up). */
  defaults: SignInPolicy;
  /** Which company sign-in methods the operator configured. */
  sso: { oidc: boolean; ldap: boolean };
  now: () => number;
  /** Second-factor rules of a change of `twoFactor` (AUTH-16): checked before, enforced after. */
  twoFactor?: {
    checkPolicyChange(actorId: string, to: SignInPolicy['twoFactor']): Promise<void>;
    enforcePolicy(level: SignInPolicy['twoFactor']): Promise<number>;
  };
}

/**
 * The administrator's sign-in switches (AUTH-14), read from the database on every use so that all processes
 * agree at once. What is stored is only what was changed; the rest follows the configuration's defaults.
 */
export class SignInPolicyService {
  private readonly d: SignInPolicyDeps;

  constructor(deps: SignInPolicyDeps) {
    this.d = deps;
  }

  get sso(): { oidc: boolean; ldap: boolean } {
    return this.d.sso;
  }

  /** The policy in force. A stored value that no longer parses falls back to the defaults, field by field. */
  async get(): Promise<SignInPolicy> {
    const raw = await this.d.settings.read(KEY);
    let stored: unknown = {};
    try {
      stored = raw ? JSON.parse(raw) : {};
    } catch {
      stored = {};
    }
    const merged = { ...this.d.defaults, ...(typeof stored === 'object' && stored ? stored : {}) };
    const parsed = SignInPolicy.safeParse(merged);
    const policy = parsed.success ? parsed.data : this.d.defaults;
    // Local login cannot stay off once company sign-in is no longer configured: nobody could sign in.
    if (!this.d.sso.oidc && !this.d.sso.ldap) policy.localLogin = true;
    return policy;
  }

  /** Changes some switches; turning local login off needs company sign-in configured. Audited. */
  async update(actorId: string, change: SignInPolicyUpdate): Promise<SignInPolicy> {
    if (change.localLogin === false && !this.d.sso.oidc && !this.d.sso.ldap)
      throw new AppError('auth.policy_needs_sso');
    const before = await this.get();
    const after = SignInPolicy.parse({ ...before, ...change });
    if (after.twoFactor !== before.twoFactor)
      await this.d.twoFactor?.checkPolicyChange(actorId, after.twoFactor);
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const k of Object.keys(after) as (keyof SignInPolicy)[])
      if (before[k] !== after[k]) changed[k] = { from: before[k], to: after[k] };
    await this.d.uow.transaction(async (tx) => {
      await tx.settings.write(KEY, JSON.stringify(after));
      if (Object.keys(changed).length > 0)
        await tx.audit.record({ actorId, action: 'auth.policy_changed', detail: changed }, this.d.now());
    });
    // Accounts that must now have a second factor and have none are signed out until they enrol.
    if (after.twoFactor !== before.twoFactor) await this.d.twoFactor?.enforcePolicy(after.twoFactor);
    return after;
  }

  /**
   * The first administrator (the account that claimed administration on the first sign-up), while it is
   * still a local, active administrator: the one local login that no switch turns off (break-glass).
   */
  async breakGlassUser(): Promise<UserRow | null> {
    const id = await this.d.settings.read('admin_claimed');
    const user = id ? await this.d.users.findById(id) : undefined;
    if (!user || user.auth_source !== 'local' || user.is_admin !== 1 || user.deleted_at !== null) return null;
    return user;
  }

  /** Whether this local account may sign in with its password now. */
  async allowsLocalLogin(user: UserRow): Promise<boolean> {
    if ((await this.get()).localLogin) return true;
    return (await this.breakGlassUser())?.id === user.id;
  }

  /** Whether this account must have a second factor before it may use the messenger. */
  async requiresTwoFactor(user: UserRow): Promise<boolean> {
    if (user.auth_source !== 'local') return false;
    const { twoFactor } = await this.get();
    return twoFactor === 'everyone' || (twoFactor === 'admins' && user.is_admin === 1);
  }
}
