import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import { closeAll, message, newActor, openRoom, sendWithEnter } from '../support/chat.ts';
import { expectShellConnected, loginButton, logInWithForm, openSettings } from '../support/pages.ts';
import { devicesRegistered, talkingRoom } from '../support/e2e-devices.ts';

/** Opens the open room's members panel unless it is open already. */
async function showMembers(page: Page): Promise<void> {
  const toggle = page.getByTestId('members-toggle');
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await expect(page.getByTestId('member-row').first()).toBeVisible();
}

test('E2E-67 E2E-68 E2E-69 E2E-89: a recovery key set up in Settings brings a wiped browser back with the same identity; old messages open, the person verified before is still verified, and a new one reaches the member', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const a = await newActor(browser, 'reca');
  const b = await newActor(browser, 'recb');
  await devicesRegistered([a, b]);
  const marker = `rk-${randomBytes(6).toString('hex')}`;
  // A and B talk in the encrypted room.
  const roomName = await talkingRoom(a, b, marker, '복구방');

  // A verifies B on this browser (E2E-82); the mark is also kept, signed, for A's other devices (E2E-89).
  await showMembers(a.page);
  const bRow = a.page.getByTestId('member-row').filter({ hasText: b.user.nickname });
  await bRow.getByTestId('verify-security').click();
  const verify = a.page.getByTestId('verify-dialog');
  await expect(verify.getByTestId('safety-number')).toBeVisible({ timeout: 20_000 });
  await verify.getByTestId('mark-verified').click();
  await expect(verify.getByTestId('verified-note')).toBeVisible();
  await verify.getByRole('button', { name: 'Close' }).click();
  await expect(bRow.getByTestId('verified-shield')).toBeVisible();

  // A sets up recovery: the key is shown once, then two of its groups must be typed back.
  const settings = await openSettings(a.page, 'Encryption');
  const section = settings.getByTestId('e2e-recovery');
  await expect(section.getByTestId('e2e-recovery-status')).toContainText('No recovery key yet');
  await section.getByRole('button', { name: 'Set up recovery key' }).click();
  const shown = section.getByTestId('e2e-recovery-key-text');
  await expect(shown).toBeVisible({ timeout: 20_000 });
  await expect(section).toContainText('shown only this once');
  const recoveryKey = (await shown.innerText()).trim();
  expect(recoveryKey).toMatch(/^([0-9A-HJKMNP-TV-Z]{4} ){13}[0-9A-HJKMNP-TV-Z]{2}$/);
  await section.getByRole('button', { name: 'I have saved it' }).click();
  const groups = recoveryKey.split(' ');
  const fields = [section.getByTestId('e2e-recovery-group-0'), section.getByTestId('e2e-recovery-group-1')];
  const asked = await Promise.all(fields.map(async (f) => Number(await f.getAttribute('data-group'))));
  // A wrong group is refused in words; the right ones (typed in lower case) finish.
  await fields[0]!.fill(asked[0] === 1 ? groups[1]! : groups[0]!);
  await fields[1]!.fill(groups[asked[1]! - 1]!.toLowerCase());
  await fields[1]!.press('Enter');
  await expect(section).toContainText(`This is not group ${asked[0]}`);
  await fields[0]!.fill(groups[asked[0]! - 1]!);
  await section.getByTestId('e2e-recovery-finish').click();
  await expect(section).toContainText('Your recovery key is set up.');
  await expect(section.getByTestId('e2e-recovery-status')).toContainText('this browser backs up');
  await a.page.keyboard.press('Escape');
  await expect(settings).toHaveCount(0);

  // Logout wipes the device; after signing in again the room offers the recovery key first.
  await a.page.getByTestId('profile-button').click();
  await a.page.getByRole('menuitem', { name: 'Log out' }).click();
  await expect(loginButton(a.page)).toBeVisible();
  await logInWithForm(a.page, a.user.username, a.user.password);
  await expectShellConnected(a.page);
  await openRoom(a.page, roomName);
  const status = a.page.getByTestId('e2e-room-status');
  await expect(status).toHaveAttribute('data-state', 'reset-needed', { timeout: 20_000 });
  await expect(status.getByTestId('e2e-reset')).toBeVisible();
  await status.getByTestId('e2e-recover').click();
  const dialog = a.page.getByTestId('e2e-recover-dialog');
  const input = dialog.getByTestId('e2e-recover-key');
  await expect(input).toBeFocused();
  // A typo is caught in words, and the dialog stays open.
  const typo = recoveryKey.slice(0, 5) + (recoveryKey[5] === 'A' ? 'B' : 'A') + recoveryKey.slice(6);
  await input.fill(typo);
  await input.press('Enter');
  await expect(dialog.getByTestId('e2e-recover-error')).toContainText('not a recovery key');
  // Spaces and case do not matter.
  await input.fill(recoveryKey.replace(/ /g, '').toLowerCase());
  await input.press('Enter');
  await expect(dialog).toHaveCount(0, { timeout: 20_000 });

  // B's device adds the new device with no identity change to accept; A reads the old messages again.
  await devicesRegistered([a], 2);
  await expect(status).toHaveCount(0, { timeout: 30_000 });
  await expect(b.page.getByTestId('e2e-identity-changed')).toHaveCount(0);
  await expect(message(a.page, `${marker} from A`)).toBeVisible({ timeout: 20_000 });
  await expect(message(a.page, `${marker} from B`)).toBeVisible({ timeout: 20_000 });
  await expect(a.page.getByTestId('message-undecryptable')).toHaveCount(0);

  // The wiped browser kept no mark, yet B is still verified: the new device adopted the mark A signed.
  await showMembers(a.page);
  await expect(
    a.page.getByTestId('member-row').filter({ hasText: b.user.nickname }).getByTestId('verified-shield'),
  ).toBeVisible({ timeout: 20_000 });

  // And A's new message reaches B.
  await expect(a.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });
  await sendWithEnter(a.page, `${marker} after recovery`);
  await expect(message(b.page, `${marker} after recovery`)).toBeVisible({ timeout: 20_000 });
  await closeAll(a, b);
});
