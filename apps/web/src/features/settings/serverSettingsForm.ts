import {
  RATE_LIMIT_NAMES,
  type E2ePolicy,
  type NotificationDefaults,
  type RateLimitName,
  type ServerSettings,
  type ServerSettingsUpdate,
} from '@messenger/shared';

const MB = 1024 * 1024;

/** The server settings form as typed (numbers as their text, so a half-typed value is kept as is). */
export interface ServerSettingsDraft {
  maxMb: string;
  extensions: string[];
  limits: Record<RateLimitName, { max: string; windowSeconds: string }>;
  retentionDays: string;
  level: NotificationDefaults['level'];
  sound: boolean;
  /** Which new rooms are end-to-end encrypted (E2E-110). */
  e2ePolicy: E2ePolicy;
}

/** Bytes as megabytes, with at most two decimals. */
export function bytesToMb(bytes: number): string {
  return String(Math.round((bytes / MB) * 100) / 100);
}

/** The form showing `s`. */
export function draftOf(s: ServerSettings): ServerSettingsDraft {
  const limits = Object.fromEntries(
    RATE_LIMIT_NAMES.map((n) => [
      n,
      { max: String(s.rateLimits[n].max), windowSeconds: String(s.rateLimits[n].windowSeconds) },
    ]),
  ) as ServerSettingsDraft['limits'];
  return {
    maxMb: bytesToMb(s.upload.maxBytes),
    extensions: [...s.upload.allowedExtensions].sort(),
    limits,
    retentionDays: String(s.retentionDays),
    level: s.notifications.level,
    sound: s.notifications.sound,
    e2ePolicy: s.e2ePolicy,
  };
}

/** A typed number, or NaN when the text is not one. */
function num(text: string): number {
  return text.trim() === '' ? NaN : Number(text);
}

/**
 * What the form changes in `s`, as the partial update the server takes: null when nothing changed,
 * 'invalid' when a number field does not hold a number (the server checks ranges and says why).
 */
export function changeOf(d: ServerSettingsDraft, s: ServerSettings): ServerSettingsUpdate | null | 'invalid' {
  const was = draftOf(s);
  const change: ServerSettingsUpdate = {};
  const numbers = [d.maxMb, d.retentionDays, ...RATE_LIMIT_NAMES.flatMap((n) => Object.values(d.limits[n]))];
  if (numbers.some((text) => Number.isNaN(num(text)))) return 'invalid';
  // Compared as typed, so an untouched size that is not a whole number of MB is not rounded and sent.
  if (d.maxMb.trim() !== was.maxMb) change.upload = { maxBytes: Math.round(num(d.maxMb) * MB) };
  if (d.extensions.join(',') !== was.extensions.join(','))
    change.upload = { ...change.upload, allowedExtensions: d.extensions };
  for (const n of RATE_LIMIT_NAMES) {
    const a = d.limits[n];
    if (a.max.trim() !== was.limits[n].max || a.windowSeconds.trim() !== was.limits[n].windowSeconds)
      change.rateLimits = {
        ...change.rateLimits,
        [n]: { max: num(a.max), windowSeconds: num(a.windowSeconds) },
      };
  }
  if (d.retentionDays.trim() !== was.retentionDays) change.retentionDays = num(d.retentionDays);
  if (d.level !== was.level) change.notifications = { level: d.level };
  if (d.sound !== was.sound) change.notifications = { ...change.notifications, sound: d.sound };
  if (d.e2ePolicy !== was.e2ePolicy) change.e2ePolicy = d.e2ePolicy;
  return Object.keys(change).length > 0 ? change : null;
}
