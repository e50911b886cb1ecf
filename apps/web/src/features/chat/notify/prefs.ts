import type { NotificationDefaults } from '@messenger/shared';
import { browserStorage } from '../../../lib/storage.ts';
import type { NotifyLevel } from '../model/notify.ts';

/** Notification preferences of this browser. */
export interface NotifyPrefs {
  global: NotifyLevel;
  rooms: Record<string, NotifyLevel>;
  sound: boolean;
}

/** What this browser's user chose; a level or sound never chosen follows the server's default (ADMIN-3). */
export interface StoredPrefs {
  global?: NotifyLevel;
  rooms: Record<string, NotifyLevel>;
  sound?: boolean;
}

const KEY = 'mx.notify';
/** Before the server's defaults are known (and if it sends none). */
const BUILT_IN: NotificationDefaults = { level: 'all', sound: false };
const LEVELS = ['all', 'mentions', 'none'];

/** Reads stored choices, tolerating anything malformed (a malformed choice counts as never made). */
export function parsePrefs(raw: string | null): StoredPrefs {
  try {
    const v = JSON.parse(raw ?? '') as Partial<StoredPrefs>;
    const stored: StoredPrefs = { rooms: typeof v.rooms === 'object' && v.rooms ? v.rooms : {} };
    if (LEVELS.includes(v.global as string)) stored.global = v.global as NotifyLevel;
    if (typeof v.sound === 'boolean') stored.sound = v.sound;
    return stored;
  } catch {
    return { rooms: {} };
  }
}

/** The preferences in force: the user's choices, else the server's defaults. */
export function effectivePrefs(stored: StoredPrefs, defaults: NotificationDefaults): NotifyPrefs {
  return {
    global: stored.global ?? defaults.level,
    rooms: stored.rooms,
    sound: stored.sound ?? defaults.sound,
  };
}

let stored: StoredPrefs = parsePrefs(browserStorage()?.getItem(KEY) ?? null);
let defaults: NotificationDefaults = BUILT_IN;
let current: NotifyPrefs = effectivePrefs(stored, defaults);
const subscribers = new Set<() => void>();

function publish(): void {
  current = effectivePrefs(stored, defaults);
  for (const fn of subscribers) fn();
}

/** The preferences store (for useSyncExternalStore). */
export const notifyPrefs = {
  get: (): NotifyPrefs => current,
  subscribe(fn: () => void): () => void {
    subscribers.add(fn);
    return () => subscribers.delete(fn);
  },
  /** Records the user's choice (kept in this browser from then on). */
  update(change: Partial<NotifyPrefs>): void {
    stored = { ...stored, ...change };
    browserStorage()?.setItem(KEY, JSON.stringify(stored));
    publish();
  },
  /** The server's defaults from `/api/config`, for what the user never chose. */
  setDefaults(next: NotificationDefaults): void {
    if (next.level === defaults.level && next.sound === defaults.sound) return;
    defaults = next;
    publish();
  },
};
