import {
  RATE_LIMIT_NAMES,
  ServerSettingsUpdate,
  type E2ePolicy,
  type NotificationDefaults,
  type RateLimitName,
  type ServerSettings,
} from '@messenger/shared';
import { AppError } from '../../app-error.ts';
import type { AppConfig, RateLimitRule } from '../../config.ts';
import type { UnitOfWork } from '../../db/unit-of-work.ts';
import { DEFAULT_ALLOWED_EXTENSIONS } from '../files/file-types.ts';
import type { SettingsRepository } from './settings.repository.ts';

const KEY = 'server_settings';
/** How long a process trusts what it read; a change made by another process applies within this. */
const CACHE_MS = 1000;

/** What is stored: only the settings that differ from the configuration. */
type Overrides = ServerSettingsUpdate;

/** The upload rules in force: largest size and the extensions accepted. */
export interface UploadRules {
  maxBytes: number;
  allowedExtensions: ReadonlySet<string>;
}

export interface ServerSettingsDeps {
  uow: UnitOfWork;
  /** Reads outside a transaction (the cached path). */
  settings: SettingsRepository;
  config: AppConfig;
  now: () => number;
  /** Milliseconds a read is trusted in this process (tests shorten it); default 1 s. */
  cacheMs?: number;
}

/** The settings as the configuration makes them, before any administrator changes one. */
export function settingsFromConfig(config: AppConfig): ServerSettings {
  const rateLimits = Object.fromEntries(
    RATE_LIMIT_NAMES.map((n) => [n, { ...config.rateLimits[n] }]),
  ) as ServerSettings['rateLimits'];
  return {
    upload: {
      maxBytes: config.maxUploadBytes,
      allowedExtensions: [...config.uploadAllowedExtensions].sort(),
    },
    rateLimits,
    retentionDays: config.retentionDays,
    notifications: { level: 'all', sound: false },
    e2ePolicy: config.e2ePolicy,
  };
}

/** The settings `base` with `o` laid over it, section by section. */
function merge(base: ServerSettings, o: Overrides): ServerSettings {
  return {
    upload: { ...base.upload, ...o.upload },
    rateLimits: { ...base.rateLimits, ...o.rateLimits },
    retentionDays: o.retentionDays ?? base.retentionDays,
    notifications: { ...base.notifications, ...o.notifications },
    e2ePolicy: o.e2ePolicy ?? base.e2ePolicy,
  };
}

/** Every leaf setting by its dotted name (`upload.maxBytes`, `rateLimits.login`, `retentionDays`...). */
function leaves(s: ServerSettings): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [section, value] of Object.entries(s)) {
    if (typeof value === 'object' && value !== null)
      for (const [k, v] of Object.entries(value)) out.set(`${section}.${k}`, v);
    else out.set(section, value);
  }
  return out;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The leaves of `after` that differ from `before`, as `{from, to}` (the audit's detail). */
function changes(
  before: ServerSettings,
  after: ServerSettings,
): Record<string, { from: unknown; to: unknown }> {
  const was = leaves(before);
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, to] of leaves(after)) if (!same(was.get(k), to)) out[k] = { from: was.get(k), to };
  return out;
}

/** Only what differs from the configuration: the rest keeps following it. */
function overridesOf(s: ServerSettings, defaults: ServerSettings): Overrides {
  const o: Record<string, unknown> = {};
  for (const [key, { to }] of Object.entries(changes(defaults, s))) {
    const [section, leaf] = key.split('.') as [string, string | undefined];
    if (leaf === undefined) o[section] = to;
    else o[section] = { ...(o[section] as object | undefined), [leaf]: to };
  }
  return o as Overrides;
}

/**
 * Server settings an administrator changes while the server runs (ADMIN-3): upload size and types, rate
 * limits, retention, notification defaults. Stored in the database as what differs from the configuration;
 * every process reads them with a short cache, and the process that writes forgets its cache at once.
 */
export class ServerSettingsService {
  private readonly d: ServerSettingsDeps;
  readonly defaults: ServerSettings;
  private cached: { value: ServerSettings; at: number } | null = null;
  /** The read under way: callers that find the cache expired at the same time share it. */
  private reading: Promise<ServerSettings> | null = null;
  /** Bumped by every update(): a read begun before it never overwrites what it wrote. */
  private generation = 0;

  constructor(deps: ServerSettingsDeps) {
    this.d = deps;
    this.defaults = settingsFromConfig(deps.config);
  }

  /** The configured MAX_UPLOAD_BYTES: no setting goes above it (the multipart reader stops there). */
  get uploadCeilingBytes(): number {
    return this.d.config.maxUploadBytes;
  }

  /**
   * The settings in force (at most `cacheMs` old when another process changed them). On the hot path (every
   * message send reads its rate limit here): when the cache expires, one read serves every caller.
   */
  async get(): Promise<ServerSettings> {
    if (this.cached && performance.now() - this.cached.at < (this.d.cacheMs ?? CACHE_MS))
      return this.cached.value;
    return (this.reading ??= this.read());
  }

  /** One read of the stored settings; cached only if no update() happened meanwhile. */
  private read(): Promise<ServerSettings> {
    const generation = this.generation;
    const at = performance.now();
    const reading: Promise<ServerSettings> = this.d.settings
      .read(KEY)
      .then((raw) => {
        const value = this.resolve(raw);
        if (generation === this.generation) this.cached = { value, at };
        return value;
      })
      .finally(() => {
        if (this.reading === reading) this.reading = null;
      });
    return reading;
  }

  /** The upload rules in force (FILE-2, FILE-3). */
  async uploadRules(): Promise<UploadRules> {
    const { upload } = await this.get();
    return { maxBytes: upload.maxBytes, allowedExtensions: new Set(upload.allowedExtensions) };
  }

  /** One rate limit in force. */
  async rateLimit(name: RateLimitName): Promise<RateLimitRule> {
    return (await this.get()).rateLimits[name];
  }

  /** Default days messages are kept (0: forever); the retention job reads it before each run (RET-1). */
  async retentionDays(): Promise<number> {
    return (await this.get()).retentionDays;
  }

  /** What the web client does for a user who never chose in its notification menu. */
  async notificationDefaults(): Promise<NotificationDefaults> {
    return (await this.get()).notifications;
  }

  /** Which new rooms are end-to-end encrypted (E2E-110). */
  async e2ePolicy(): Promise<E2ePolicy> {
    return (await this.get()).e2ePolicy;
  }

  /**
   * Changes some settings, audited with `from`/`to` per setting in the same transaction as the write
   * (`server.settings_changed`). Refuses an upload size above the configured ceiling and extensions the
   * server cannot check. A change to the current value is no change (nothing written, nothing audited).
   */
  async update(actorId: string, change: ServerSettingsUpdate): Promise<ServerSettings> {
    this.check(change);
    const after = await this.d.uow.transaction(async (tx) => {
      const before = this.resolve(await tx.settings.readLocked(KEY));
      const next = merge(before, {
        ...change,
        upload: change.upload?.allowedExtensions
          ? { ...change.upload, allowedExtensions: [...new Set(change.upload.allowedExtensions)].sort() }
          : change.upload,
      });
      const changed = changes(before, next);
      if (Object.keys(changed).length === 0) return before;
      await tx.settings.write(KEY, JSON.stringify(overridesOf(next, this.defaults)));
      await tx.audit.record({ actorId, action: 'server.settings_changed', detail: changed }, this.d.now());
      return next;
    });
    // Reads begun before this point may return the old value: they no longer fill the cache nor serve
    // the callers that come after.
    this.generation += 1;
    this.reading = null;
    this.cached = { value: after, at: performance.now() };
    return after;
  }

  private check(change: ServerSettingsUpdate): void {
    const max = change.upload?.maxBytes;
    if (max !== undefined && max > this.uploadCeilingBytes)
      throw new AppError('settings.upload_over_ceiling');
    const unknown = change.upload?.allowedExtensions?.filter((e) => !DEFAULT_ALLOWED_EXTENSIONS.includes(e));
    if (unknown?.length) throw new AppError('settings.extension_unknown');
  }

  /**
   * The stored overrides over the configuration. A stored section that no longer parses is ignored; a size
   * above a since-lowered MAX_UPLOAD_BYTES is held to it, and extensions no longer known are dropped.
   */
  private resolve(raw: string | null): ServerSettings {
    let stored: unknown = {};
    try {
      stored = raw ? JSON.parse(raw) : {};
    } catch {
      stored = {};
    }
    const o: Record<string, unknown> = {};
    const shape = ServerSettingsUpdate.shape;
    if (typeof stored === 'object' && stored !== null)
      for (const [k, v] of Object.entries(stored)) {
        const field = shape[k as keyof typeof shape] as (typeof shape)[keyof typeof shape] | undefined;
        const parsed = field?.safeParse(v);
        if (parsed?.success) o[k] = parsed.data;
      }
    const s = merge(this.defaults, o as Overrides);
    s.upload.maxBytes = Math.min(s.upload.maxBytes, this.uploadCeilingBytes);
    s.upload.allowedExtensions = s.upload.allowedExtensions.filter((e) =>
      DEFAULT_ALLOWED_EXTENSIONS.includes(e),
    );
    return s;
  }
}
