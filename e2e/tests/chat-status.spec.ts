import { expect, test } from '../support/fixtures.ts';
import { closeAll, newActor, openApp, openRoom, seedGroup } from '../support/chat.ts';

test('PRES-1: a status message set from the profile menu shows in the DM header and the members panel, survives a reload and can be cleared', async ({
  browser,
}) => {
  const a = await newActor(browser, 'stat');
  const b = await newActor(browser, 'peer');
  await a.api('POST', '/api/rooms', { kind: 'direct', userId: b.id });
  await seedGroup(a, '상태방', [b]);
  await openRoom(b.page, a.user.nickname);
  const sub = b.page.locator('.chat-header__sub');
  await expect(sub).toHaveText('Online');

  // Set it with the keyboard: the menu item, type, Enter.
  await a.page.getByTestId('profile-button').click();
  await a.page.getByRole('menuitem', { name: 'Set a status message' }).click();
  const dialog = a.page.getByRole('dialog', { name: 'Status message' });
  await expect(dialog.getByLabel('Status message')).toBeFocused();
  await a.page.keyboard.insertText('회의 중 (3시까지)');
  await a.page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(a.page.getByTestId('profile-status')).toHaveText('회의 중 (3시까지)');

  await expect(sub).toHaveText('Online · 회의 중 (3시까지)');
  await openRoom(b.page, '상태방');
  await b.page.getByTestId('members-toggle').click();
  await expect(
    b.page.getByTestId('member-row').filter({ hasText: a.user.nickname }).getByTestId('member-status'),
  ).toHaveText('회의 중 (3시까지)');

  // Stored on the server: a reload shows it again.
  await openApp(a);
  await expect(a.page.getByTestId('profile-status')).toHaveText('회의 중 (3시까지)');

  // Escape leaves it as it was; Clear removes it for everyone.
  await a.page.getByTestId('profile-button').click();
  await a.page.getByRole('menuitem', { name: 'Change status message' }).click();
  await expect(dialog.getByLabel('Status message')).toHaveValue('회의 중 (3시까지)');
  await a.page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(a.page.getByTestId('profile-status')).toHaveText('회의 중 (3시까지)');
  await a.page.getByTestId('profile-button').click();
  await a.page.getByRole('menuitem', { name: 'Change status message' }).click();
  await dialog.getByRole('button', { name: 'Clear status' }).click();
  await expect(a.page.getByTestId('profile-status')).toHaveCount(0);
  await expect(a.page.getByTestId('profile-nickname')).toBeVisible();
  await expect(b.page.getByTestId('member-status')).toHaveCount(0);
  await closeAll(a, b);
});
