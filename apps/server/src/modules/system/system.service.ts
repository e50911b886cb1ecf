import { PROTOCOL_VERSION, type ConfigResponse } from '@messenger/shared';
import type { AppConfig } from '../../config.ts';
import { AppError } from '../../app-error.ts';
import type { StateStore } from '../../state/index.ts';
import { VERSION } from '../../version.ts';
import type { ServerSettingsService } from './server-settings.service.ts';
import type { SettingsRepository } from './settings.repository.ts';
import type { Directory } from '../auth/ldap-directory.ts';
import type { SignInPolicyService } from '../auth/sign-in-policy.ts';

export interface SystemServiceDeps {
  config: AppConfig;
  /** The database's migration state (db/database.ts `schemaStatus`). */
  schema: () => Promise<{ version: string | null; pending: number }>;
  settings: SettingsRepository;
  store: StateStore;
  /** The company directory, when configured: readiness reports whether it answers (AUTH-13). */
  directory?: Directory | null;
  policy: SignInPolicyService;
  /** Upload rules, rate limits and notification defaults in force (ADMIN-3). */
  serverSettings: ServerSettingsService;
}

/** What the server says about itself: the client's bootstrap settings and its readiness. */
export class SystemService {
  private readonly d: SystemServiceDeps;

  constructor(deps: SystemServiceDeps) {
    this.d = deps;
  }

  /** The client's bootstrap settings, without the CSRF token and `secure` (the route knows the request). */
  async clientConfig(): Promise<Omit<ConfigResponse, 'csrfToken' | 'secure'>> {
    const c = this.d.config;
    const { sso } = this.d.policy;
    const policy = await this.d.policy.get();
    const live = await this.d.serverSettings.get();
    return {
      version: VERSION,
      protocolVersion: PROTOCOL_VERSION,
      registrationOpen: policy.localSignup && policy.localLogin,
      upload: { maxBytes: live.upload.maxBytes, allowedExtensions: live.upload.allowedExtensions },
      rateLimits: live.rateLimits,
      notifications: live.notifications,
      e2ePolicy: live.e2ePolicy,
      features: {
        redis: this.d.store.kind === 'redis',
        oidc: sso.oidc,
        ldap: sso.ldap,
        antivirus: Boolean(c.clamdSocket ?? c.clamdHost),
      },
    };
  }

  /** Database reachable, migrations applied, state store reachable; throws `server.unavailable` if not. */
  async readiness(): Promise<{ schemaVersion: string | null; directory: 'ok' | 'unreachable' | 'off' }> {
    await this.d.settings.ping();
    const status = await this.d.schema();
    if (status.pending > 0 || !(await this.d.store.ping())) throw new AppError('server.unavailable');
    // A directory that is down does not make this process unready: local accounts still sign in.
    const directory = !this.d.directory ? 'off' : (await this.d.directory.ping()) ? 'ok' : 'unreachable';
    return { schemaVersion: status.version, directory };
  }
}
