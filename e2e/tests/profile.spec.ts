import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import { closeAll, message, newActor, openRoom, roomItem, seedMessage } from '../support/chat.ts';
import { bmp, png } from '../support/png.ts';

/** Opens the profile dialog from the account menu with the keyboard. */
async function openProfile(page: Page): Promise<Locator> {
  await page.getByTestId('profile-button').focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'Edit profile' }).press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Profile' });
  await expect(dialog.getByLabel('Nickname')).toBeFocused();
  return dialog;
}

/** Whether an <img> finished loading a real image (not the initials fallback after an error). */
async function loadedWidth(img: Locator): Promise<number> {
  return img.evaluate((el) =>
    (el as HTMLImageElement).complete ? (el as HTMLImageElement).naturalWidth : 0,
  );
}

test('FILE-12: a new nickname, status message and profile image reach the DM peer at once; errors are inline; the image can be removed', async ({
  browser,
}) => {
  const a = await newActor(browser, 'prof');
  const b = await newActor(browser, 'peer');
  const { room } = await a.api<{ room: { id: string } }>('POST', '/api/rooms', {
    kind: 'direct',
    userId: b.id,
  });
  await seedMessage(a, room.id, '안녕하세요');
  await openRoom(b.page, a.user.nickname);
  await expect(message(b.page, '안녕하세요').locator('.avatar img')).toHaveCount(0);

  // A: nickname, status message and a wide image, previewed before the upload.
  let dialog = await openProfile(a.page);
  const nickname = dialog.getByLabel('Nickname');
  await nickname.fill('');
  await expect(dialog.getByText('Use 1–20 characters.')).toBeVisible();
  await nickname.fill('김부장');
  await expect(dialog.getByText('Use 1–20 characters.')).toHaveCount(0);
  await dialog.getByLabel('Status message').fill('출장 중');
  await dialog.getByTestId('profile-photo-input').setInputFiles({
    name: 'me.png',
    mimeType: 'image/png',
    buffer: png(120, 80, [40, 120, 200]),
  });
  await expect(dialog.getByRole('img', { name: 'Preview of the new profile photo' })).toBeVisible();
  await expect(dialog.getByText('It is uploaded when you save.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(a.page.getByTestId('profile-nickname')).toHaveText('김부장');
  await expect(a.page.getByTestId('profile-status')).toHaveText('출장 중');
  const thumb = `/uploads/avatars/${a.id}/1?size=thumb`;
  await expect(a.page.getByTestId('profile-button').locator('img')).toHaveAttribute('src', thumb);

  // B, without reloading: the room list, the header and the message show the new name and the image.
  await expect(roomItem(b.page, '김부장')).toBeVisible();
  await expect(roomItem(b.page, '김부장').locator('img')).toHaveAttribute('src', thumb);
  await expect(b.page.getByTestId('chat-title')).toHaveText('김부장');
  await expect(b.page.locator('.chat-header__sub')).toHaveText('Online · 출장 중');
  const avatar = message(b.page, '안녕하세요').locator('.avatar img');
  await expect(avatar).toHaveAttribute('src', thumb);
  await expect(message(b.page, '안녕하세요').locator('.msg__sender')).toHaveText('김부장');
  // The server cropped it square to 96 px.
  await expect.poll(() => loadedWidth(avatar)).toBe(96);
  expect(await avatar.evaluate((el) => (el as HTMLImageElement).naturalHeight)).toBe(96);

  // A file of another type is refused before uploading; one the server refuses by its content (a BMP named
  // PNG) gets the server's localized message, in place, and the dialog stays open.
  dialog = await openProfile(a.page);
  await expect(dialog.getByRole('img', { name: 'Your profile photo' })).toBeVisible();
  const input = dialog.getByTestId('profile-photo-input');
  await input.setInputFiles({
    name: 'notes.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4'),
  });
  await expect(dialog.getByTestId('profile-photo-error')).toHaveText(
    'Only PNG, JPEG, GIF or WebP images can be used.',
  );
  await expect(dialog.getByRole('button', { name: 'Save' })).toBeDisabled();
  await input.setInputFiles({ name: 'scan.png', mimeType: 'image/png', buffer: bmp(4, 4, [200, 40, 40]) });
  await expect(dialog.getByRole('img', { name: 'Preview of the new profile photo' })).toBeVisible();
  const refused = a.page.waitForResponse((r) => r.url().endsWith('/api/profile/image'));
  await dialog.getByLabel('Status message').press('Enter');
  expect((await refused).status()).toBe(400);
  await expect(dialog.getByTestId('profile-photo-error')).toHaveText(
    'Only PNG, JPEG, GIF or WebP images can be used.',
  );
  await expect(dialog).toBeVisible();

  // Remove the photo: everyone is back to initials.
  await dialog.getByRole('button', { name: 'Remove photo' }).click();
  await expect(dialog.getByText('The photo is removed when you save.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(a.page.getByTestId('profile-button').locator('img')).toHaveCount(0);
  await expect(roomItem(b.page, '김부장').locator('img')).toHaveCount(0);
  await expect(message(b.page, '안녕하세요').locator('.avatar img')).toHaveCount(0);
  await expect(message(b.page, '안녕하세요').locator('.avatar')).toHaveText('김');
  await closeAll(a, b);
});
