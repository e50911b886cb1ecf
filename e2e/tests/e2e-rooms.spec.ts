import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import {
  closeAll,
  message,
  newActor,
  openRoom,
  roomItem,
  seedGroup,
  sendWithEnter,
} from '../support/chat.ts';
import { expectShellConnected, loginButton, logInWithForm } from '../support/pages.ts';
import { devicesRegistered } from '../support/e2e-devices.ts';

/** The names of this origin's IndexedDB databases. */
function databases(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
}

test('E2E-40 E2E-42 E2E-43 E2E-45: an encrypted group works end to end in the browser: lock, live decryption, reply, edit, reload from IndexedDB, logout wipes the device, a new identity is accepted by a member', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const a = await newActor(browser, 'e2ea');
  const b = await newActor(browser, 'e2eb');
  const c = await newActor(browser, 'e2ec');
  await devicesRegistered([a, b, c]);
  const marker = `marker-${randomBytes(6).toString('hex')}`;
  const roomName = `비밀방 ${marker.slice(-6)}`;

  // A creates the group from the new-chat dialog, where the switch starts on (E2E-113); the honest
  // explanation is shown.
  await a.page.getByTestId('new-chat').click();
  const dialog = a.page.getByTestId('new-chat-dialog');
  for (const who of [b, c]) {
    await dialog.getByRole('searchbox').fill(who.user.username);
    await dialog.getByTestId('user-option').filter({ hasText: who.user.username }).click();
  }
  await dialog.getByRole('textbox', { name: 'Group name' }).fill(roomName);
  const encrypted = dialog.getByRole('switch', { name: 'End-to-end encrypted' });
  await expect(encrypted).toBeChecked();
  await expect(dialog).toContainText('cannot be turned off');
  await dialog.getByRole('button', { name: /Create group/ }).click();
  await expect(a.page.getByTestId('chat-title')).toContainText(roomName);
  await expect(a.page.getByRole('img', { name: 'End-to-end encrypted' }).first()).toBeVisible();

  // Polls and notices are not offered here, and the composer says why.
  await expect(a.page.getByTestId('poll-button')).toHaveCount(0);
  await expect(a.page.getByTestId('notices-toggle')).toHaveCount(0);
  await expect(a.page.getByTestId('e2e-composer-note')).toBeVisible();

  // Once this device set the room up, A writes; B reads it decrypted, live.
  await expect(a.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });
  // Files go encrypted (E2E-75), and the composer says once that the server does not scan them.
  await expect(a.page.getByTestId('attach-button')).toBeVisible();
  await expect(a.page.getByTestId('e2e-files-note')).toContainText('does not scan them for viruses');
  await openRoom(b.page, roomName);
  await expect(b.page.getByTestId('e2e-badge')).toBeVisible();
  await sendWithEnter(a.page, `${marker} 첫 메시지`);
  await expect(message(a.page, `${marker} 첫 메시지`)).toBeVisible();
  await expect(message(b.page, `${marker} 첫 메시지`)).toBeVisible({ timeout: 20_000 });
  // The room list never shows the text of an encrypted message.
  await expect(roomItem(c.page, roomName)).toContainText('Encrypted message');

  // B replies; A sees the reply with its quote resolved from the decrypted original.
  const original = message(b.page, `${marker} 첫 메시지`);
  await original.hover();
  await original.getByRole('button', { name: 'Reply' }).click();
  await expect(b.page.getByTestId('reply-preview')).toContainText(`${marker} 첫 메시지`);
  await expect(b.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });
  await sendWithEnter(b.page, `${marker} 답장`);
  const reply = message(a.page, `${marker} 답장`);
  await expect(reply).toBeVisible({ timeout: 20_000 });
  await expect(reply.getByTestId('reply-quote')).toContainText(`${marker} 첫 메시지`);

  // A edits its message; B reads the new text, marked edited.
  // B's reply quotes it too: the original is the first of the two.
  const mine = message(a.page, `${marker} 첫 메시지`).first();
  await mine.hover();
  await mine.getByRole('button', { name: 'Edit' }).click();
  const editor = a.page.getByRole('textbox', { name: 'Edit message' });
  await expect(editor).toHaveValue(`${marker} 첫 메시지`);
  await editor.fill(`${marker} 고친 메시지`);
  await editor.press('Enter');
  await expect(message(b.page, `${marker} 고친 메시지`).first()).toContainText('(edited)', {
    timeout: 20_000,
  });
  // The reply's quote shows the edited text too.
  await expect(message(b.page, `${marker} 답장`).getByTestId('reply-quote')).toContainText('고친 메시지');

  // After a reload A's device comes back from IndexedDB and still reads everything.
  expect(await databases(a.page)).toContain(`messenger-e2e-${a.id}`);
  await a.page.reload();
  await expectShellConnected(a.page);
  await openRoom(a.page, roomName);
  await expect(message(a.page, `${marker} 고친 메시지`).first()).toBeVisible({ timeout: 20_000 });
  await expect(message(a.page, `${marker} 답장`)).toBeVisible();
  await expect(a.page.getByTestId('message-undecryptable')).toHaveCount(0);

  // A standard room keeps working as before, files and all, and says it is not end-to-end.
  await seedGroup(a, `일반방 ${marker.slice(-6)}`, [b]);
  await openRoom(a.page, `일반방 ${marker.slice(-6)}`);
  await expect(a.page.getByTestId('attach-button')).toBeVisible();
  await expect(a.page.getByTestId('e2e-badge')).toHaveCount(0);
  await sendWithEnter(a.page, `${marker} 평문`);
  await openRoom(b.page, `일반방 ${marker.slice(-6)}`);
  await expect(message(b.page, `${marker} 평문`)).toBeVisible();
  await a.page.getByTestId('members-toggle').click();
  await expect(a.page.getByTestId('room-security')).toContainText('not end-to-end');

  // Logout wipes the device: its database is gone. Signing in again, A's key is no longer anywhere, so the
  // room says so and offers a new identity (E2E-45); earlier messages stay unreadable to the new device.
  await a.page.getByTestId('profile-button').click();
  await a.page.getByRole('menuitem', { name: 'Log out' }).click();
  await expect(loginButton(a.page)).toBeVisible();
  await expect.poll(() => databases(a.page)).not.toContain(`messenger-e2e-${a.id}`);
  await logInWithForm(a.page, a.user.username, a.user.password);
  await expectShellConnected(a.page);
  await openRoom(a.page, roomName);
  const status = a.page.getByTestId('e2e-room-status');
  await expect(status).toHaveAttribute('data-state', 'reset-needed', { timeout: 20_000 });
  await expect(a.page.getByTestId('composer')).toBeDisabled();
  await status.getByTestId('e2e-reset').click();
  await expect(status).toHaveAttribute('data-state', 'waiting', { timeout: 20_000 });

  // B is told A's security identity changed and accepts it; A's new device is added and can talk again.
  await openRoom(b.page, roomName);
  const changed = b.page.getByTestId('e2e-identity-changed');
  await expect(changed).toContainText(a.user.nickname, { timeout: 20_000 });
  await changed.getByTestId('e2e-accept-identity').click();
  await expect(changed).toHaveCount(0, { timeout: 20_000 });
  await expect(status).toHaveCount(0, { timeout: 20_000 });
  await sendWithEnter(a.page, `${marker} 새 기기`);
  await expect(message(b.page, `${marker} 새 기기`)).toBeVisible({ timeout: 20_000 });
  await expect(
    a.page.getByTestId('message-undecryptable').filter({ hasText: 'sent before this device joined' }).first(),
  ).toBeVisible();
  await expect(message(a.page, `${marker} 고친 메시지`)).toHaveCount(0);
  await closeAll(a, b, c);
});
