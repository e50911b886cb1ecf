import { openAdmin } from '../support/admin.ts';
import { expect, test, watchConsole } from '../support/fixtures.ts';
import { closeAll, newActor } from '../support/chat.ts';
import { expectShellConnected, loginButton, logInWithForm, openSettings } from '../support/pages.ts';
import { uniqueUsername } from '../support/users.ts';

test('ACCT-4: a user signed in elsewhere is deactivated by an administrator; their open session ends at once with the reason in their language', async ({
  browser,
}) => {
  const admin = (await openAdmin(browser)).page;
  const target = await newActor(browser, 'worker', { locale: 'ko-KR' });
  await expectShellConnected(target.page);

  const settings = await openSettings(admin, 'Users');
  const users = settings.getByTestId('admin-users');
  await users.getByRole('searchbox', { name: 'Search users' }).fill(target.user.username);
  const row = users.getByTestId('admin-user-row').filter({ hasText: target.user.username });
  await row.getByRole('button', { name: `Deactivate ${target.user.nickname}` }).click();
  await admin.getByTestId('deactivate-confirm').getByRole('button', { name: 'Deactivate' }).click();
  await expect(row).toContainText('Deactivated');

  // No reload on their side: the server ends the session and the Korean login screen says why.
  await expect(target.page.getByRole('button', { name: '로그인', exact: true })).toBeVisible();
  await expect(target.page.getByTestId('signed-out-notice')).toHaveText(/관리자가 계정을 비활성화했습니다/);
  await target.page.screenshot({ path: test.info().outputPath('deactivated-ko.png') });
  await admin.context().close();
  await closeAll(target);
});

test('ACCT-7, ACCT-8: an administrator adds a user; the new user signs in with the temporary password, must choose a new one, then reaches the chat', async ({
  browser,
}) => {
  const admin = (await openAdmin(browser)).page;
  const username = uniqueUsername('hire');
  const settings = await openSettings(admin, 'Users');
  await settings.getByTestId('create-user-open').click();
  const create = admin.getByTestId('create-user');
  await create.getByLabel('Username').fill('no way');
  await create.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(create.getByLabel('Username')).toBeFocused();
  await admin.screenshot({ path: test.info().outputPath('create-user-invalid.png') });
  await create.getByLabel('Username').fill(username);
  await create.getByLabel('Name (nickname)').fill('신입 사원');
  await create.getByRole('button', { name: 'Add', exact: true }).click();

  const shown = admin.getByTestId('temporary-password');
  await expect(shown).toBeVisible();
  const temporary = (await shown.getByTestId('temporary-password-value').textContent())!.trim();
  expect(temporary).toMatch(/^[A-Za-z0-9]{16}$/);
  await admin.screenshot({ path: test.info().outputPath('temporary-password.png') });
  await shown.getByRole('button', { name: 'Done' }).click();
  const row = settings.getByTestId('admin-user-row').filter({ hasText: username });
  await expect(row).toContainText('Password change pending');
  await admin.screenshot({ path: test.info().outputPath('users-tab.png') });
  // The row's actions wrap under the name on a phone: nothing sticks out sideways.
  await admin.setViewportSize({ width: 375, height: 740 });
  await expect(row.getByRole('button', { name: `Delete the account of 신입 사원` })).toBeVisible();
  expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await admin.screenshot({ path: test.info().outputPath('users-tab-phone.png') });

  // The new colleague, on a phone.
  const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  const check = watchConsole(page);
  await page.goto('/');
  await logInWithForm(page, username, temporary);
  const screen = page.getByTestId('password-change-required');
  await expect(screen.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expect(page.getByTestId('shell')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('choose-password-phone.png') });
  await screen.getByLabel('Temporary password').fill(temporary);
  await screen.getByLabel('New password', { exact: true }).fill('my-own-secret-1');
  await screen.getByLabel('Confirm new password').fill('my-own-secret-1');
  await screen.getByRole('button', { name: 'Set password and continue' }).click();
  await expectShellConnected(page);

  // The new password is the one that works from now on.
  await page.getByTestId('profile-button').click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await logInWithForm(page, username, temporary);
  await expect(page.getByRole('alert')).toContainText('Incorrect username or password.');
  await logInWithForm(page, username, 'my-own-secret-1');
  await expectShellConnected(page);
  await expect(loginButton(page)).toHaveCount(0);
  check();
  await context.close();
  await admin.context().close();
});
