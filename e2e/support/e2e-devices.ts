import { expect, type Locator } from '@playwright/test';
import { message, openRoom, sendWithEnter, type Actor } from './chat.ts';

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

/**
 * Sets up a recovery key in an "Encryption" settings section (E2E-67): shows the key, says it was saved, types
 * back the two groups asked for and finishes. Returns the key as shown.
 */
export async function setUpRecovery(section: Locator): Promise<string> {
  await section.getByRole('button', { name: 'Set up recovery key' }).click();
  const shown = section.getByTestId('e2e-recovery-key-text');
  await expect(shown).toBeVisible({ timeout: 20_000 });
  const key = (await shown.innerText()).trim();
  const groups = key.split(' ');
  await section.getByRole('button', { name: 'I have saved it' }).click();
  for (const i of [0, 1]) {
    const field = section.getByTestId(`e2e-recovery-group-${i}`);
    await field.fill(groups[Number(await field.getAttribute('data-group')) - 1]!);
  }
  await section.getByTestId('e2e-recovery-finish').click();
  await expect(section).toContainText('Your recovery key is set up.');
  return key;
}

/** A and B in a new encrypted room named `title`, each having said `${marker} from A` / `from B` in it. */
export async function talkingRoom(a: Actor, b: Actor, marker: string, title: string): Promise<string> {
  const roomName = `${title} ${marker.slice(-6)}`;
  await a.api('POST', '/api/rooms', { kind: 'group', name: roomName, memberIds: [b.id], encrypted: true });
  await openRoom(a.page, roomName);
  await expect(a.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });
  await sendWithEnter(a.page, `${marker} from A`);
  await openRoom(b.page, roomName);
  await expect(message(b.page, `${marker} from A`)).toBeVisible({ timeout: 20_000 });
  await expect(b.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });
  await sendWithEnter(b.page, `${marker} from B`);
  await expect(message(a.page, `${marker} from B`)).toBeVisible({ timeout: 20_000 });
  return roomName;
}
