import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { E2E_POLICIES, RETENTION_DAYS_MAX } from '@messenger/shared';
import { z } from 'zod';
import { DEFAULT_ALLOWED_EXTENSIONS } from './modules/files/file-types.ts';
import { parseCron } from './ops/cron.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** An option's text as a zod field: `parse` turns it into the value or throws the problem's wording. */
function option<T>(parse: (raw: string) => T) {
  return z.string().transform((raw, ctx): T => {
    try {
      return parse(raw);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });
}

function int(min: number, max: number) {
  return option((raw) => {
    if (!/^\d+$/.test(raw.trim())) throw new Error(`expected a whole number, got "${raw}"`);
    const n = Number(raw);
    if (n < min || n > max) throw new Error(`must be between ${min} and ${max}, got ${n}`);
    return n;
  });
}

const bool = option((raw) => {
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw new Error(`expected true or false, got "${raw}"`);
});

function nonEmpty(raw: string): string {
  if (raw.trim() === '') throw new Error('must not be empty');
  return raw.trim();
}

const text = option(nonEmpty);

/** One of a few words, with the problem worded as "expected a or b" (or "one of a, b, c"). */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const expected = values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(', ')}`;
  return option((raw) => {
    const v = raw.trim();
    if (!values.includes(v)) throw new Error(`expected ${expected}, got "${raw}"`);
    return v as T[number];
  });
}

const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  sec: 1,
  second: 1,
  min: 60,
  minute: 60,
  h: 3600,
  hour: 3600,
  day: 86400,
};

/** A rate limit: at most `max` hits per `windowSeconds`. */
export interface RateLimitRule {
  max: number;
  windowSeconds: number;
}

/** Parses "5/min", "3/hour", "100/10s" into a rule. */
export function parseRateLimit(raw: string): RateLimitRule {
  const m = /^\s*(\d+)\s*\/\s*(\d*)\s*([a-z]+)\s*$/.exec(raw.toLowerCase());
  const unit = m?.[3] ? UNIT_SECONDS[m[3]] : undefined;
  if (!m || !unit) throw new Error(`expected "<count>/<unit>" such as "5/min" or "3/hour", got "${raw}"`);
  const max = Number(m[1]);
  const windowSeconds = (m[2] ? Number(m[2]) : 1) * unit;
  if (max < 1 || windowSeconds < 1) throw new Error(`count and window must be positive, got "${raw}"`);
  return { max, windowSeconds };
}

const rateLimit = option(parseRateLimit);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The whole server configuration as one schema over the options' texts (environment, JSON file, flags):
 * each field parses and checks its option, and `AppConfig` is what it outputs.
 */
export const ConfigSchema = z
  .object({
    port: int(0, 65535),
    host: text,
    /** Serve TLS on `port` (OPS-7): with `tlsCertFile`/`tlsKeyFile`, or `DATA_DIR/tls/` from `cert init`. */
    https: bool,
    tlsCertFile: text.optional(),
    tlsKeyFile: text.optional(),
    /** A plain-HTTP port that redirects every request to the HTTPS one. */
    httpRedirectPort: int(1, 65535).optional(),
    dataDir: text,
    /** `sqlite:<file>` or a `postgres://` URL; unset: `sqlite:DATA_DIR/messenger.db`. */
    databaseUrl: option((raw) => {
      const v = nonEmpty(raw);
      if (!/^(postgres(ql)?:\/\/|sqlite:)/.test(v))
        throw new Error(`expected postgres://... or sqlite:<file>, got "${v}"`);
      return v;
    }).optional(),
    redisUrl: option((raw) => {
      const v = nonEmpty(raw);
      if (!/^rediss?:\/\//.test(v)) throw new Error(`expected redis://..., got "${v}"`);
      return v;
    }).optional(),
    sessionTimeoutHours: int(1, 24 * 365),
    sessionAbsoluteDays: int(1, 3650),
    maxUploadBytes: int(1024, 10 * 1024 ** 3),
    /** Extensions accepted for uploads (content must match, FILE-3). */
    uploadAllowedExtensions: option((raw) => {
      const list = raw
        .split(',')
        .map((s) => s.trim().toLowerCase().replace(/^\./, ''))
        .filter(Boolean);
      const unknown = list.filter((e) => !DEFAULT_ALLOWED_EXTENSIONS.includes(e));
      if (unknown.length > 0) throw new Error(`unknown extensions: ${unknown.join(', ')}`);
      return list;
    }),
    /** clamd's unix socket; with `clamdHost` unset too, uploads are not scanned. */
    clamdSocket: text.optional(),
    /** clamd over TCP. */
    clamdHost: option((raw) => {
      const m = /^([^:\s]+)(?::(\d{1,5}))?$/.exec(raw.trim());
      if (!m) throw new Error(`expected host or host:port, got "${raw}"`);
      return { host: m[1]!, port: m[2] ? Number(m[2]) : 3310 };
    }).optional(),
    /** When clamd cannot be reached: refuse uploads at once, or keep them pending until it is back. */
    clamdWhenDown: oneOf(['reject', 'wait']),
    openRegistration: bool,
    /** A deleted account's messages: kept under "(deleted user)", or removed as tombstones (ACCT-2). */
    deletedUserMessages: oneOf(['keep', 'remove']),
    trustProxy: bool,
    logLevel: oneOf(LOG_LEVELS),
    /** Origins (scheme://host[:port]) allowed besides the request's own host. */
    allowedOrigins: option((raw) =>
      raw
        .split(',')
        .map((s) => s.trim().replace(/\/$/, ''))
        .filter(Boolean)
        .map((o) => {
          if (!/^https?:\/\/[^/]+$/.test(o))
            throw new Error(`"${o}" is not an origin like https://chat.example.com`);
          return o;
        }),
    ),
    rateLimits: z.object({
      login: rateLimit,
      register: rateLimit,
      messageSend: rateLimit,
      upload: rateLimit,
      search: rateLimit,
      /** Reminders of one notice to its members who have not acknowledged (PIN-6). */
      pinRemind: rateLimit,
      /** Two-step verification codes per account (AUTH-16). */
      twoFactor: rateLimit,
    }),
    /** Days messages are kept before the retention job removes them; 0 keeps them forever (ADMIN-3, RET-1). */
    retentionDays: int(0, RETENTION_DAYS_MAX),
    /** Which new rooms are end-to-end encrypted (E2E-110); administrators can change it in the settings. */
    e2ePolicy: oneOf(E2E_POLICIES),
    /** The name authenticator apps show beside the account (AUTH-16). */
    totpIssuer: text,
    /** Seconds between sweeps that close polls past their deadline (POLL-3). */
    pollSweepSeconds: int(1, 3600),
    /** Folder with the built web client; served at `/`. */
    webDist: text,
    /** Where backups go (scheduled, before a migration, or `messenger backup` without --out). */
    backupDir: text.optional(),
    /** Write a backup before migrations change existing data at start (OPS-8). */
    backupBeforeMigrate: bool,
    /** Cron schedule of backups (OPS-9); unset: none. */
    backupSchedule: option((raw) => parseCron(nonEmpty(raw)).expression).optional(),
    /** How many scheduled backups to keep. */
    backupKeep: int(1, 10_000),
    /** The company directory (AUTH-13); unset: local accounts only. */
    ldapUrl: option((raw) => {
      const v = nonEmpty(raw);
      if (!/^ldaps?:\/\/[^/]+\/?$/.test(v))
        throw new Error(`expected ldap://host[:port] or ldaps://..., got "${v}"`);
      return v;
    }).optional(),
    ldapBindDn: text.optional(),
    ldapBindPassword: option((raw) => raw).optional(),
    ldapBaseDn: text.optional(),
    ldapUserFilter: option((raw) => {
      const v = nonEmpty(raw);
      if (!v.includes('{username}')) throw new Error(`must contain {username}, got "${v}"`);
      return v;
    }),
    ldapAdminGroupDn: text.optional(),
    ldapUsernameAttribute: text,
    ldapDisplayNameAttribute: text,
    ldapEmailAttribute: text,
    ldapDepartmentAttribute: text,
    ldapStartTls: bool,
    ldapCaFile: text.optional(),
    /** OpenID Connect single sign-on (AUTH-15); unset: no company sign-in button. */
    oidcIssuerUrl: option((raw) => {
      const v = nonEmpty(raw).replace(/\/$/, '');
      if (!/^https?:\/\/[^/]+/.test(v)) throw new Error(`expected https://idp.example.com/..., got "${v}"`);
      return v;
    }).optional(),
    oidcClientId: text.optional(),
    oidcClientSecret: option((raw) => raw).optional(),
    /** Where the provider sends the browser back: https://<this server>/auth/oidc/callback. */
    oidcRedirectUrl: option((raw) => {
      const v = nonEmpty(raw);
      if (!/^https?:\/\/[^/]+\/auth\/oidc\/callback$/.test(v))
        throw new Error(`expected https://<this server>/auth/oidc/callback, got "${v}"`);
      return v;
    }).optional(),
    oidcScopes: text,
    oidcUsernameClaim: text,
    oidcGroupsClaim: text,
    oidcAdminGroup: text.optional(),
    oidcButtonLabel: text.optional(),
  })
  .transform((c) => {
    const dataDir = path.resolve(c.dataDir);
    return {
      ...c,
      dataDir,
      databaseUrl: c.databaseUrl ?? `sqlite:${path.join(dataDir, 'messenger.db')}`,
      backupDir: path.resolve(c.backupDir ?? path.join(dataDir, 'backups')),
    };
  });

/** The whole server configuration, resolved and validated. */
export type AppConfig = z.output<typeof ConfigSchema>;

/** Where an option comes from and how `messenger --help` and docs/OPERATIONS.md describe it. */
interface OptionSpec {
  /** Environment variable. */
  env: string;
  /** Key in the JSON config file and in ConfigSchema (dotted for nested keys). */
  key: string;
  default: string | undefined;
  description: string;
}

/** Every option, in the order `messenger --help` and docs/OPERATIONS.md list them. */
export const OPTIONS: OptionSpec[] = [
  {
    env: 'PORT',
    key: 'port',
    default: '5000',
    description: 'HTTP port to listen on (0: any free port).',
  },
  { env: 'HOST', key: 'host', default: '0.0.0.0', description: 'Address to listen on.' },
  {
    env: 'HTTPS',
    key: 'https',
    default: 'false',
    description:
      'Serve HTTPS on PORT with TLS_CERT_FILE and TLS_KEY_FILE, or DATA_DIR/tls/ (messenger cert init).',
  },
  {
    env: 'TLS_CERT_FILE',
    key: 'tlsCertFile',
    default: undefined,
    description: 'Certificate (PEM, with its chain) when HTTPS=true; unset: DATA_DIR/tls/server.crt.',
  },
  {
    env: 'TLS_KEY_FILE',
    key: 'tlsKeyFile',
    default: undefined,
    description: 'Private key (PEM) of TLS_CERT_FILE; unset: DATA_DIR/tls/server.key.',
  },
  {
    env: 'HTTP_REDIRECT_PORT',
    key: 'httpRedirectPort',
    default: undefined,
    description: 'With HTTPS=true: also listen on this port with plain HTTP, redirecting to HTTPS.',
  },
  {
    env: 'DATA_DIR',
    key: 'dataDir',
    default: './data',
    description: 'Folder for the SQLite database, uploads and secrets.',
  },
  {
    env: 'DATABASE_URL',
    key: 'databaseUrl',
    default: undefined,
    description: 'Unset: SQLite file DATA_DIR/messenger.db. A postgres:// URL selects PostgreSQL.',
  },
  {
    env: 'REDIS_URL',
    key: 'redisUrl',
    default: undefined,
    description:
      'Unset: sessions-adjacent state (rate limits, presence) in process. redis:// URL: shared state and the Socket.IO Redis adapter.',
  },
  {
    env: 'SESSION_TIMEOUT_HOURS',
    key: 'sessionTimeoutHours',
    default: '72',
    description: 'A session unused for this many hours expires (idle expiry).',
  },
  {
    env: 'SESSION_ABSOLUTE_DAYS',
    key: 'sessionAbsoluteDays',
    default: '30',
    description: 'A session expires this many days after login, used or not.',
  },
  {
    env: 'MAX_UPLOAD_BYTES',
    key: 'maxUploadBytes',
    default: String(16 * 1024 * 1024),
    description: 'Largest accepted upload in bytes.',
  },
  {
    env: 'UPLOAD_ALLOWED_EXTENSIONS',
    key: 'uploadAllowedExtensions',
    default: DEFAULT_ALLOWED_EXTENSIONS.join(','),
    description: `Comma-separated file extensions accepted for uploads, among: ${DEFAULT_ALLOWED_EXTENSIONS.join(' ')}.`,
  },
  {
    env: 'CLAMD_SOCKET',
    key: 'clamdSocket',
    default: undefined,
    description: 'Unix socket of clamd: every upload is quarantined and scanned before release.',
  },
  {
    env: 'CLAMD_HOST',
    key: 'clamdHost',
    default: undefined,
    description: 'clamd over TCP, as host or host:port (port 3310 by default), instead of CLAMD_SOCKET.',
  },
  {
    env: 'CLAMD_WHEN_DOWN',
    key: 'clamdWhenDown',
    default: 'reject',
    description:
      'If clamd cannot be reached: reject (refuse uploads, saying so) or wait (keep them pending and retry for 10 minutes). Unscanned files are never released.',
  },
  {
    env: 'OPEN_REGISTRATION',
    key: 'openRegistration',
    default: 'true',
    description: 'Anyone may sign up. false: only administrators create accounts.',
  },
  {
    env: 'DELETED_USER_MESSAGES',
    key: 'deletedUserMessages',
    default: 'keep',
    description:
      'When a user deletes their account: keep their messages, shown as "(deleted user)", or remove them (tombstones, attached files deleted).',
  },
  {
    env: 'TRUST_PROXY',
    key: 'trustProxy',
    default: 'false',
    description:
      'Take the client address and scheme from X-Forwarded-For / X-Forwarded-Proto (behind a reverse proxy only).',
  },
  {
    env: 'LOG_LEVEL',
    key: 'logLevel',
    default: 'info',
    description: `Log level: ${LOG_LEVELS.join(', ')}.`,
  },
  {
    env: 'ALLOWED_ORIGINS',
    key: 'allowedOrigins',
    default: '',
    description:
      'Comma-separated extra origins allowed to make requests (the request host is always allowed).',
  },
  {
    env: 'RATE_LIMIT_LOGIN',
    key: 'rateLimits.login',
    default: '5/min',
    description: 'Login attempts per IP and, separately, per username.',
  },
  {
    env: 'RATE_LIMIT_REGISTER',
    key: 'rateLimits.register',
    default: '3/hour',
    description: 'Sign-ups per IP.',
  },
  {
    env: 'RATE_LIMIT_MESSAGE',
    key: 'rateLimits.messageSend',
    default: '100/min',
    description: 'Messages sent per user.',
  },
  {
    env: 'RATE_LIMIT_UPLOAD',
    key: 'rateLimits.upload',
    default: '60/min',
    description: 'Uploads per user (a dropped folder of photos is many uploads).',
  },
  {
    env: 'RATE_LIMIT_SEARCH',
    key: 'rateLimits.search',
    default: '30/min',
    description: 'Searches per user.',
  },
  {
    env: 'RATE_LIMIT_PIN_REMIND',
    key: 'rateLimits.pinRemind',
    default: '1/10min',
    description: 'Reminders sent for one notice to the members who have not acknowledged it.',
  },
  {
    env: 'RATE_LIMIT_TWO_FACTOR',
    key: 'rateLimits.twoFactor',
    default: '5/min',
    description: 'Two-step verification codes tried per account (at login and in the settings).',
  },
  {
    env: 'RETENTION_DAYS',
    key: 'retentionDays',
    default: '0',
    description:
      'Default days messages are kept before the retention job removes them (0: forever); administrators can change it in the settings.',
  },
  {
    env: 'E2E_POLICY',
    key: 'e2ePolicy',
    default: 'default',
    description:
      'Which new rooms are end-to-end encrypted: default (direct chats, and groups of up to 100 unless the creator opts out), required (no opt-out in the web client) or off (standard rooms only); administrators can change it in the settings.',
  },
  {
    env: 'TOTP_ISSUER',
    key: 'totpIssuer',
    default: 'Messenger',
    description: 'Name that authenticator apps show beside the account for two-step verification.',
  },
  {
    env: 'POLL_SWEEP_SECONDS',
    key: 'pollSweepSeconds',
    default: '30',
    description:
      'How often each process closes polls past their deadline (votes are refused at the deadline anyway).',
  },
  {
    env: 'WEB_DIST',
    key: 'webDist',
    default: path.join(repoRoot, 'apps/web/dist'),
    description: 'Folder of the built web client.',
  },
  {
    env: 'BACKUP_DIR',
    key: 'backupDir',
    default: undefined,
    description:
      'Folder for backups (scheduled, before migrations, `backup` without --out); unset: DATA_DIR/backups.',
  },
  {
    env: 'BACKUP_BEFORE_MIGRATE',
    key: 'backupBeforeMigrate',
    default: 'true',
    description: 'Write a backup to BACKUP_DIR before migrations change existing data at start.',
  },
  {
    env: 'BACKUP_SCHEDULE',
    key: 'backupSchedule',
    default: undefined,
    description:
      'Cron schedule of backups into BACKUP_DIR, e.g. "30 2 * * *" (02:30 daily) or @daily; unset: none.',
  },
  {
    env: 'LDAP_URL',
    key: 'ldapUrl',
    default: undefined,
    description:
      'Company directory for sign-in, e.g. ldap://dc1.corp.local or ldaps://...; unset: local accounts only.',
  },
  {
    env: 'LDAP_BIND_DN',
    key: 'ldapBindDn',
    default: undefined,
    description: 'Service account that searches the directory (unset: anonymous search).',
  },
  {
    env: 'LDAP_BIND_PASSWORD',
    key: 'ldapBindPassword',
    default: undefined,
    description: "The service account's password (never logged).",
  },
  {
    env: 'LDAP_BASE_DN',
    key: 'ldapBaseDn',
    default: undefined,
    description: 'Where users are searched, e.g. ou=people,dc=corp,dc=local (required with LDAP_URL).',
  },
  {
    env: 'LDAP_USER_FILTER',
    key: 'ldapUserFilter',
    default: '(uid={username})',
    description:
      'Search filter; {username} is replaced, escaped. Active Directory: (sAMAccountName={username}).',
  },
  {
    env: 'LDAP_ADMIN_GROUP_DN',
    key: 'ldapAdminGroupDn',
    default: undefined,
    description: 'Members (member attribute) of this group are server administrators.',
  },
  {
    env: 'LDAP_USERNAME_ATTRIBUTE',
    key: 'ldapUsernameAttribute',
    default: 'uid',
    description: 'Attribute with the username (Active Directory: sAMAccountName).',
  },
  {
    env: 'LDAP_DISPLAY_NAME_ATTRIBUTE',
    key: 'ldapDisplayNameAttribute',
    default: 'displayName',
    description: 'Attribute with the name shown in the messenger, refreshed at each sign-in.',
  },
  {
    env: 'LDAP_EMAIL_ATTRIBUTE',
    key: 'ldapEmailAttribute',
    default: 'mail',
    description: 'Attribute with the e-mail address.',
  },
  {
    env: 'LDAP_DEPARTMENT_ATTRIBUTE',
    key: 'ldapDepartmentAttribute',
    default: 'departmentNumber',
    description: 'Attribute with the department (Active Directory: department).',
  },
  {
    env: 'LDAP_STARTTLS',
    key: 'ldapStartTls',
    default: 'false',
    description: 'Upgrade an ldap:// connection with StartTLS before any bind (not with ldaps://).',
  },
  {
    env: 'LDAP_CA_FILE',
    key: 'ldapCaFile',
    default: undefined,
    description:
      "CA certificate (PEM) the directory's TLS certificate must chain to (ldaps:// or StartTLS); unset: public CAs.",
  },
  {
    env: 'OIDC_ISSUER_URL',
    key: 'oidcIssuerUrl',
    default: undefined,
    description:
      'OpenID Connect provider for company single sign-on (Keycloak, Azure AD, ...); unset: no SSO button.',
  },
  {
    env: 'OIDC_CLIENT_ID',
    key: 'oidcClientId',
    default: undefined,
    description: 'Client id registered at the provider.',
  },
  {
    env: 'OIDC_CLIENT_SECRET',
    key: 'oidcClientSecret',
    default: undefined,
    description: 'Client secret registered at the provider (never logged).',
  },
  {
    env: 'OIDC_REDIRECT_URL',
    key: 'oidcRedirectUrl',
    default: undefined,
    description: 'Redirect URL registered at the provider: https://<this server>/auth/oidc/callback.',
  },
  {
    env: 'OIDC_SCOPES',
    key: 'oidcScopes',
    default: 'openid profile email',
    description: 'Scopes asked of the provider.',
  },
  {
    env: 'OIDC_USERNAME_CLAIM',
    key: 'oidcUsernameClaim',
    default: 'preferred_username',
    description: 'ID token claim that becomes the username on the first sign-in.',
  },
  {
    env: 'OIDC_GROUPS_CLAIM',
    key: 'oidcGroupsClaim',
    default: 'groups',
    description: 'ID token claim with the groups of the user.',
  },
  {
    env: 'OIDC_ADMIN_GROUP',
    key: 'oidcAdminGroup',
    default: undefined,
    description: 'Members of this group (in OIDC_GROUPS_CLAIM) are server administrators.',
  },
  {
    env: 'OIDC_BUTTON_LABEL',
    key: 'oidcButtonLabel',
    default: undefined,
    description: 'Text of the sign-in button; unset: "Sign in with company account" in the user\'s language.',
  },
  {
    env: 'BACKUP_KEEP',
    key: 'backupKeep',
    default: '7',
    description: 'How many scheduled backups to keep; older ones are removed after each new one.',
  },
];

/** Raised when the configuration is invalid; lists every problem at once. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let cur = target;
  for (const part of parts.slice(0, -1)) {
    cur[part] ??= {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts.at(-1)!] = value;
}

function readConfigFile(file: string, problems: string[]): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      problems.push(`${file}: must contain a JSON object`);
      return {};
    }
    return parsed as Record<string, unknown>;
  } catch (err) {
    problems.push(`${file}: ${(err as Error).message}`);
    return {};
  }
}

function fileValue(file: Record<string, unknown>, dotted: string): string | undefined {
  let cur: unknown = file;
  for (const part of dotted.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return undefined;
  return Array.isArray(cur) ? cur.join(',') : String(cur);
}

/**
 * Resolves the configuration: defaults, then the JSON file (CONFIG_FILE, or ./messenger.config.json when it
 * exists), then environment variables, then `overrides` (command-line flags). Throws ConfigError listing
 * every invalid value.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Record<string, string> = {},
): AppConfig {
  const problems: string[] = [];
  const configFile =
    env.CONFIG_FILE ?? (existsSync('messenger.config.json') ? 'messenger.config.json' : undefined);
  const file = configFile ? readConfigFile(configFile, problems) : {};
  const known = new Set(OPTIONS.map((o) => o.key.split('.')[0]));
  for (const key of Object.keys(file)) {
    if (!known.has(key)) problems.push(`${configFile}: unknown option "${key}"`);
  }
  const raw: Record<string, unknown> = {};
  for (const opt of OPTIONS) {
    const value = overrides[opt.env] ?? env[opt.env] ?? fileValue(file, opt.key) ?? opt.default;
    if (value === undefined || (value === '' && opt.default === undefined)) continue;
    setPath(raw, opt.key, value);
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.');
      problems.push(`${OPTIONS.find((o) => o.key === key)?.env ?? key}: ${issue.message}`);
    }
  }
  if (raw.ldapUrl !== undefined && raw.ldapBaseDn === undefined)
    problems.push('LDAP_BASE_DN: required with LDAP_URL');
  if (raw.oidcIssuerUrl !== undefined)
    for (const [key, env] of [
      ['oidcClientId', 'OIDC_CLIENT_ID'],
      ['oidcRedirectUrl', 'OIDC_REDIRECT_URL'],
    ] as const)
      if (raw[key] === undefined) problems.push(`${env}: required with OIDC_ISSUER_URL`);
  if (parsed.data?.ldapStartTls && parsed.data.ldapUrl?.startsWith('ldaps://'))
    problems.push('LDAP_STARTTLS: only for ldap:// URLs; an ldaps:// URL is TLS from the start');
  if ((raw.tlsCertFile === undefined) !== (raw.tlsKeyFile === undefined))
    problems.push('TLS_CERT_FILE and TLS_KEY_FILE: set both, or neither to use DATA_DIR/tls/');
  if (raw.clamdSocket !== undefined && raw.clamdHost !== undefined)
    problems.push('CLAMD_SOCKET and CLAMD_HOST: set only one of them');
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return parsed.data;
}

/** Options as a plain-text table for `messenger --help`. */
export function describeOptions(): string {
  return OPTIONS.map(
    (o) =>
      `  ${o.env.padEnd(22)} ${o.description}\n  ${''.padEnd(22)} default: ${o.default === undefined ? '(unset)' : o.default === '' ? '(empty)' : o.default}`,
  ).join('\n');
}
