import { useEffect, useRef } from 'react';
import { socketEvents } from '../../../lib/socket.ts';

/** How often a link is asked again when no socket event came (a missed event, a socket that reconnects). */
export const LINK_POLL_MS = 2_000;

/**
 * Runs `step` for a link at once, on each `e2e:link-updated` event of that link (SPEC E2E-107) and every
 * LINK_POLL_MS as a fallback, one run at a time, until `step` answers true (done) or the component goes.
 */
export function useLinkSteps(linkId: string | null, step: () => Promise<boolean>): void {
  const latest = useRef(step);
  useEffect(() => {
    latest.current = step;
  });
  useEffect(() => {
    if (!linkId) return;
    let live = true;
    let running = false;
    let again = false;
    const run = async () => {
      if (!live) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          if (await latest.current()) live = false;
        } while (again && live);
      } finally {
        running = false;
      }
    };
    const onEvent = (p: unknown) => {
      if ((p as { linkId?: unknown } | null)?.linkId === linkId) void run();
    };
    socketEvents.on('e2e:link-updated', onEvent);
    const timer = setInterval(() => void run(), LINK_POLL_MS);
    void run();
    return () => {
      live = false;
      clearInterval(timer);
      socketEvents.off('e2e:link-updated', onEvent);
    };
  }, [linkId]);
}
