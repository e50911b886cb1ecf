import { useEffect } from 'react';
import { realtime } from '../../lib/socket.ts';

/** Away after this long without input, or this long with the tab hidden. */
const IDLE_MS = 5 * 60_000;
const HIDDEN_MS = 2 * 60_000;

/** Idle detection: reports away after inactivity or a long-hidden tab, online again on activity. */
export function usePresenceIdle(): void {
  useEffect(() => {
    let away = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const set = (next: boolean) => {
      if (next === away) return;
      away = next;
      realtime.setPresence({ away });
    };
    const arm = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => set(true), ms);
    };
    const active = () => {
      if (document.visibilityState !== 'visible') return;
      set(false);
      arm(IDLE_MS);
    };
    const onVisibility = () => (document.visibilityState === 'visible' ? active() : arm(HIDDEN_MS));
    const events = ['pointerdown', 'keydown', 'mousemove', 'wheel', 'touchstart'] as const;
    let last = 0;
    const throttled = () => {
      const now = Date.now();
      if (now - last > 5_000 || away) {
        last = now;
        active();
      }
    };
    for (const e of events) window.addEventListener(e, throttled, { passive: true });
    document.addEventListener('visibilitychange', onVisibility);
    const offConnect = realtime.onConnect(() => {
      if (away) realtime.setPresence({ away: true });
    });
    arm(IDLE_MS);
    return () => {
      clearTimeout(timer);
      offConnect();
      for (const e of events) window.removeEventListener(e, throttled);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
}
