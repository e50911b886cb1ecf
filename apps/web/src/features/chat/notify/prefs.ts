import { browserStorage } from '../../../lib/storage.ts';
import type { NotifyLevel } from '../model/notify.ts';

/** Notification preferences of this browser. */
export interface NotifyPrefs {
  global: NotifyLevel;
  rooms: Record<string, NotifyLevel>;
  sound: boolean;
}

const KEY = 'mx.notify';
const DEFAULTS: NotifyPrefs = { global: 'all', rooms: {}, sound: false };

/** Reads stored preferences, tolerating anything malformed. */
export function parsePrefs(raw: string | null): NotifyPrefs {
  try {
    const v = JSON.parse(raw ?? '') as Partial<NotifyPrefs>;
    const levels = ['all', 'mentions', 'none'];
    return {
      global: levels.includes(v.global as string) ? (v.global as NotifyLevel) : DEFAULTS.global,
      rooms: typeof v.rooms === 'object' && v.rooms ? v.rooms : {},
      sound: v.sound === true,
    };
  } catch {
    return DEFAULTS;
  }
}

let current: NotifyPrefs = parsePrefs(browserStorage()?.getItem(KEY) ?? null);
const subscribers = new Set<() => void>();

/** The preferences store (for useSyncExternalStore). */
export const notifyPrefs = {
  get: (): NotifyPrefs => current,
  subscribe(fn: () => void): () => void {
    subscribers.add(fn);
    return () => subscribers.delete(fn);
  },
  update(change: Partial<NotifyPrefs>): void {
    current = { ...current, ...change };
    browserStorage()?.setItem(KEY, JSON.stringify(current));
    for (const fn of subscribers) fn();
  },
};
