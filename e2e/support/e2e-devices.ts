import { expect } from '@playwright/test';
import type { Actor } from './chat.ts';

/**
 * Waits until each actor's browser has registered `count` E2E devices (the worker does it after sign-in).
 * Each asks for its own: the server lists only the devices of people one shares a room with (E2E-20).
 */
export async function devicesRegistered(actors: Actor[], count = 1): Promise<void> {
  for (const actor of actors)
    await expect
      .poll(
        async () => {
          const res = await actor.context.request.get(`/api/e2e/devices?userIds=${actor.id}`);
          if (!res.ok()) return -res.status();
          return ((await res.json()) as { devices: unknown[] }).devices.length;
        },
        { timeout: 20_000 },
      )
      .toBe(count);
}
