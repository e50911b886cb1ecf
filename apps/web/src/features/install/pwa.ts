import type { Locale } from '@messenger/shared';
import { registerSW } from 'virtual:pwa-register';

/**
 * The installable app (OPS-6): registers the service worker that precaches the shell, tells when a new
 * version is waiting, and points the manifest link at the UI language's manifest (a manifest has one name;
 * the Korean and English ones differ only in names and description).
 */

let waiting = false;
let update: ((reload?: boolean) => Promise<void>) | null = null;
const listeners = new Set<() => void>();

/** Registers the service worker, where the browser allows one (HTTPS or localhost). */
export function startServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  update = registerSW({
    immediate: true,
    onNeedRefresh() {
      waiting = true;
      for (const l of listeners) l();
    },
    onRegisterError(err: unknown) {
      console.warn('service worker registration failed', err);
    },
  });
}

/** A new version of the app waiting to take over (useSyncExternalStore source). */
export const appUpdate = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  waiting: (): boolean => waiting,
  /** Activates the waiting version and reloads the page into it. */
  apply(): void {
    if (update) void update(true);
    else location.reload();
  },
};

/** Uses the manifest of `locale`, so the installed app gets its name in the UI language. */
export function manifestFor(locale: Locale): void {
  const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
  if (link) link.href = locale === 'ko' ? '/manifest.webmanifest' : '/manifest.en.webmanifest';
}

/** Shows the unread total on the installed app's icon, where the Badging API exists. */
export function setAppBadge(count: number): void {
  const nav = navigator as Navigator & {
    setAppBadge?: (n: number) => Promise<void>;
    clearAppBadge?: () => Promise<void>;
  };
  const done = count > 0 ? nav.setAppBadge?.(count) : nav.clearAppBadge?.();
  done?.catch(() => {}); // not installed, or not allowed: the tab title and favicon still show it
}
