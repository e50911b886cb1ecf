import { browserStorage } from '../../../lib/storage.ts';

/** How many dismissed reminders a browser remembers per user (old ones are long answered or gone). */
const MAX = 200;

/** Reads a stored list of reminder keys, tolerating anything malformed. */
export function parseDismissed(raw: string | null): string[] {
  try {
    const v: unknown = JSON.parse(raw ?? '');
    return Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string').slice(-MAX) : [];
  } catch {
    return [];
  }
}

/**
 * The reminders one user dismissed in this browser (PIN-6): their toast does not come back on the next
 * visit, while the notice's banner stays marked until they acknowledge.
 */
export function dismissedReminders(userId: string) {
  const key = `mx.dismissedReminders.${userId}`;
  const read = () => parseDismissed(browserStorage()?.getItem(key) ?? null);
  return {
    all: (): ReadonlySet<string> => new Set(read()),
    add(reminder: string): void {
      const next = [...read().filter((k) => k !== reminder), reminder].slice(-MAX);
      browserStorage()?.setItem(key, JSON.stringify(next));
    },
  };
}
