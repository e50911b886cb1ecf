import { expect, test } from '../support/fixtures.ts';
import { expectShellConnected, openSettings } from '../support/pages.ts';
import { seedUser, signInContext } from '../support/users.ts';

test.beforeEach(async ({ context, page, request }) => {
  await signInContext(context, await seedUser(request, 'prefs'));
  await page.goto('/');
  await expectShellConnected(page);
});

test('the theme can be light, dark or follow the system, and is remembered', async ({ page }) => {
  const html = page.locator('html');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).toHaveAttribute('data-theme', 'light');

  const dialog = await openSettings(page, 'Appearance');
  await dialog.getByRole('radio', { name: 'Dark' }).check();
  await expect(html).toHaveAttribute('data-theme', 'dark');

  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');

  const again = await openSettings(page, 'Appearance');
  await again.getByRole('radio', { name: 'System' }).check();
  await expect(html).toHaveAttribute('data-theme', 'light');
  // "System" keeps following the OS setting while the page is open.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html).toHaveAttribute('data-theme', 'dark');
});

test('the language can be switched in settings and is remembered', async ({ page }) => {
  const dialog = await openSettings(page, 'Appearance');
  await dialog.getByRole('radio', { name: '한국어' }).check();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('dialog', { name: '설정' }).getByRole('tab', { name: '화면' })).toBeVisible();

  await page.reload();
  await expect(page.getByText('아직 대화가 없습니다')).toBeVisible();
  await page.getByTestId('profile-button').click();
  await expect(page.getByRole('menuitem', { name: '로그아웃' })).toBeVisible();
});

test('the account menu and the settings dialog work with the keyboard', async ({ page }) => {
  const button = page.getByTestId('profile-button');
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Edit profile' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Set a status message' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Settings' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Log out' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toBeHidden();
  await expect(button).toBeFocused();

  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();
  const account = dialog.getByRole('tab', { name: 'Account' });
  await account.focus();
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByRole('tab', { name: 'Sessions' })).toHaveAttribute('aria-selected', 'true');
  await expect(dialog.getByTestId('session-row')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // The native dialog hands focus back to what opened it (the menu is gone, so the account button).
  await expect(button).toBeFocused();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('the shell and settings fit a 375px screen', async ({ page }) => {
    await expect(page.getByText('No conversations yet')).toBeVisible();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth);
    expect(await overflow()).toBeLessThanOrEqual(375);

    const dialog = await openSettings(page, 'Sessions');
    await expect(dialog.getByTestId('session-row')).toHaveCount(1);
    expect(await overflow()).toBeLessThanOrEqual(375);
    const box = await dialog.boundingBox();
    expect(box?.width).toBeLessThanOrEqual(375);
  });
});
