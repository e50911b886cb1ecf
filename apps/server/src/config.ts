import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ALLOWED_EXTENSIONS } from './modules/files/file-types.ts';

/** A rate limit: at most `max` hits per `windowSeconds`. */
export interface RateLimitRule {
  max: number;
  windowSeconds: number;
}

/** The whole server configuration, resolved and validated. */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  /** `sqlite:<file>` or a `postgres://` URL. */
  databaseUrl: string;
  redisUrl: string | undefined;
  sessionTimeoutHours: number;
  sessionAbsoluteDays: number;
  maxUploadBytes: number;
  /** Extensions accepted for uploads (content must match, FILE-3). */
  uploadAllowedExtensions: string[];
  /** clamd's unix socket; with `clamdHost` unset too, uploads are not scanned. */
  clamdSocket: string | undefined;
  /** clamd over TCP. */
  clamdHost: { host: string; port: number } | undefined;
  /** When clamd cannot be reached: refuse uploads at once, or keep them pending until it is back. */
  clamdWhenDown: 'reject' | 'wait';
  openRegistration: boolean;
  /** A deleted account's messages: kept under "(deleted user)", or removed as tombstones (ACCT-2). */
  deletedUserMessages: 'keep' | 'remove';
  trustProxy: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Origins (scheme://host[:port]) allowed besides the request's own host. */
  allowedOrigins: string[];
  rateLimits: {
    login: RateLimitRule;
    register: RateLimitRule;
    messageSend: RateLimitRule;
    upload: RateLimitRule;
    search: RateLimitRule;
    /** Reminders of one notice to its members who have not acknowledged (PIN-6). */
    pinRemind: RateLimitRule;
  };
  /** Seconds between sweeps that close polls past their deadline (POLL-3). */
  pollSweepSeconds: number;
  /** Folder with the built web client; served at `/`. */
  webDist: string;
}

type Parser = (raw: string) => unknown;

interface OptionSpec {
  /** Environment variable. */
  env: string;
  /** Key in the JSON config file and in AppConfig (dotted for nested keys). */
  key: string;
  default: string | undefined;
  description: string;
  parse: Parser;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function int(min: number, max: number): Parser {
  return (raw) => {
    if (!/^\d+$/.test(raw.trim())) throw new Error(`expected a whole number, got "${raw}"`);
    const n = Number(raw);
    if (n < min || n > max) throw new Error(`must be between ${min} and ${max}, got ${n}`);
    return n;
  };
}

const bool: Parser = (raw) => {
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw new Error(`expected true or false, got "${raw}"`);
};

const text: Parser = (raw) => {
  if (raw.trim() === '') throw new Error('must not be empty');
  return raw.trim();
};

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

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Every option, in the order `messenger --help` and docs/OPERATIONS.md list them. */
export const OPTIONS: OptionSpec[] = [
  {
    env: 'PORT',
    key: 'port',
    default: '5000',
    description: 'HTTP port to listen on (0: any free port).',
    parse: int(0, 65535),
  },
  { env: 'HOST', key: 'host', default: '0.0.0.0', description: 'Address to listen on.', parse: text },
  {
    env: 'DATA_DIR',
    key: 'dataDir',
    default: './data',
    description: 'Folder for the SQLite database, uploads and secrets.',
    parse: text,
  },
  {
    env: 'DATABASE_URL',
    key: 'databaseUrl',
    default: undefined,
    description: 'Unset: SQLite file DATA_DIR/messenger.db. A postgres:// URL selects PostgreSQL.',
    parse: (raw) => {
      const v = text(raw) as string;
      if (!/^(postgres(ql)?:\/\/|sqlite:)/.test(v))
        throw new Error(`expected postgres://... or sqlite:<file>, got "${v}"`);
      return v;
    },
  },
  {
    env: 'REDIS_URL',
    key: 'redisUrl',
    default: undefined,
    description:
      'Unset: sessions-adjacent state (rate limits, presence) in process. redis:// URL: shared state and the Socket.IO Redis adapter.',
    parse: (raw) => {
      const v = text(raw) as string;
      if (!/^rediss?:\/\//.test(v)) throw new Error(`expected redis://..., got "${v}"`);
      return v;
    },
  },
  {
    env: 'SESSION_TIMEOUT_HOURS',
    key: 'sessionTimeoutHours',
    default: '72',
    description: 'A session unused for this many hours expires (idle expiry).',
    parse: int(1, 24 * 365),
  },
  {
    env: 'SESSION_ABSOLUTE_DAYS',
    key: 'sessionAbsoluteDays',
    default: '30',
    description: 'A session expires this many days after login, used or not.',
    parse: int(1, 3650),
  },
  {
    env: 'MAX_UPLOAD_BYTES',
    key: 'maxUploadBytes',
    default: String(16 * 1024 * 1024),
    description: 'Largest accepted upload in bytes.',
    parse: int(1024, 10 * 1024 ** 3),
  },
  {
    env: 'UPLOAD_ALLOWED_EXTENSIONS',
    key: 'uploadAllowedExtensions',
    default: DEFAULT_ALLOWED_EXTENSIONS.join(','),
    description: `Comma-separated file extensions accepted for uploads, among: ${DEFAULT_ALLOWED_EXTENSIONS.join(' ')}.`,
    parse: (raw) => {
      const list = raw
        .split(',')
        .map((s) => s.trim().toLowerCase().replace(/^\./, ''))
        .filter(Boolean);
      const unknown = list.filter((e) => !DEFAULT_ALLOWED_EXTENSIONS.includes(e));
      if (unknown.length > 0) throw new Error(`unknown extensions: ${unknown.join(', ')}`);
      return list;
    },
  },
  {
    env: 'CLAMD_SOCKET',
    key: 'clamdSocket',
    default: undefined,
    description: 'Unix socket of clamd: every upload is quarantined and scanned before release.',
    parse: text,
  },
  {
    env: 'CLAMD_HOST',
    key: 'clamdHost',
    default: undefined,
    description: 'clamd over TCP, as host or host:port (port 3310 by default), instead of CLAMD_SOCKET.',
    parse: (raw) => {
      const m = /^([^:\s]+)(?::(\d{1,5}))?$/.exec(raw.trim());
      if (!m) throw new Error(`expected host or host:port, got "${raw}"`);
      return { host: m[1], port: m[2] ? Number(m[2]) : 3310 };
    },
  },
  {
    env: 'CLAMD_WHEN_DOWN',
    key: 'clamdWhenDown',
    default: 'reject',
    description:
      'If clamd cannot be reached: reject (refuse uploads, saying so) or wait (keep them pending and retry for 10 minutes). Unscanned files are never released.',
    parse: (raw) => {
      const v = raw.trim();
      if (v !== 'reject' && v !== 'wait') throw new Error(`expected reject or wait, got "${raw}"`);
      return v;
    },
  },
  {
    env: 'OPEN_REGISTRATION',
    key: 'openRegistration',
    default: 'true',
    description: 'Anyone may sign up. false: only administrators create accounts.',
    parse: bool,
  },
  {
    env: 'DELETED_USER_MESSAGES',
    key: 'deletedUserMessages',
    default: 'keep',
    description:
      'When a user deletes their account: keep their messages, shown as "(deleted user)", or remove them (tombstones, attached files deleted).',
    parse: (raw) => {
      const v = raw.trim();
      if (v !== 'keep' && v !== 'remove') throw new Error(`expected keep or remove, got "${raw}"`);
      return v;
    },
  },
  {
    env: 'TRUST_PROXY',
    key: 'trustProxy',
    default: 'false',
    description:
      'Take the client address and scheme from X-Forwarded-For / X-Forwarded-Proto (behind a reverse proxy only).',
    parse: bool,
  },
  {
    env: 'LOG_LEVEL',
    key: 'logLevel',
    default: 'info',
    description: `Log level: ${LOG_LEVELS.join(', ')}.`,
    parse: (raw) => {
      if (!LOG_LEVELS.includes(raw.trim()))
        throw new Error(`expected one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
      return raw.trim();
    },
  },
  {
    env: 'ALLOWED_ORIGINS',
    key: 'allowedOrigins',
    default: '',
    description:
      'Comma-separated extra origins allowed to make requests (the request host is always allowed).',
    parse: (raw) =>
      raw
        .split(',')
        .map((s) => s.trim().replace(/\/$/, ''))
        .filter(Boolean)
        .map((o) => {
          if (!/^https?:\/\/[^/]+$/.test(o))
            throw new Error(`"${o}" is not an origin like https://chat.example.com`);
          return o;
        }),
  },
  {
    env: 'RATE_LIMIT_LOGIN',
    key: 'rateLimits.login',
    default: '5/min',
    description: 'Login attempts per IP and, separately, per username.',
    parse: parseRateLimit,
  },
  {
    env: 'RATE_LIMIT_REGISTER',
    key: 'rateLimits.register',
    default: '3/hour',
    description: 'Sign-ups per IP.',
    parse: parseRateLimit,
  },
  {
    env: 'RATE_LIMIT_MESSAGE',
    key: 'rateLimits.messageSend',
    default: '100/min',
    description: 'Messages sent per user.',
    parse: parseRateLimit,
  },
  {
    env: 'RATE_LIMIT_UPLOAD',
    key: 'rateLimits.upload',
    default: '60/min',
    description: 'Uploads per user (a dropped folder of photos is many uploads).',
    parse: parseRateLimit,
  },
  {
    env: 'RATE_LIMIT_SEARCH',
    key: 'rateLimits.search',
    default: '30/min',
    description: 'Searches per user.',
    parse: parseRateLimit,
  },
  {
    env: 'RATE_LIMIT_PIN_REMIND',
    key: 'rateLimits.pinRemind',
    default: '1/10min',
    description: 'Reminders sent for one notice to the members who have not acknowledged it.',
    parse: parseRateLimit,
  },
  {
    env: 'POLL_SWEEP_SECONDS',
    key: 'pollSweepSeconds',
    default: '30',
    description:
      'How often each process closes polls past their deadline (votes are refused at the deadline anyway).',
    parse: int(1, 3600),
  },
  {
    env: 'WEB_DIST',
    key: 'webDist',
    default: path.join(repoRoot, 'apps/web/dist'),
    description: 'Folder of the built web client.',
    parse: text,
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
  const out: Record<string, unknown> = {};
  for (const opt of OPTIONS) {
    const raw = overrides[opt.env] ?? env[opt.env] ?? fileValue(file, opt.key) ?? opt.default;
    if (raw === undefined || (raw === '' && opt.default === undefined)) continue;
    try {
      setPath(out, opt.key, opt.parse(raw));
    } catch (err) {
      problems.push(`${opt.env}: ${(err as Error).message}`);
    }
  }
  if (out.clamdSocket && out.clamdHost) problems.push('CLAMD_SOCKET and CLAMD_HOST: set only one of them');
  if (problems.length > 0) throw new ConfigError(problems);
  const cfg = out as unknown as AppConfig;
  cfg.dataDir = path.resolve(cfg.dataDir);
  cfg.databaseUrl ??= `sqlite:${path.join(cfg.dataDir, 'messenger.db')}`;
  return cfg;
}

/** Options as a plain-text table for `messenger --help`. */
export function describeOptions(): string {
  return OPTIONS.map(
    (o) =>
      `  ${o.env.padEnd(22)} ${o.description}\n  ${''.padEnd(22)} default: ${o.default === undefined ? '(unset)' : o.default === '' ? '(empty)' : o.default}`,
  ).join('\n');
}
