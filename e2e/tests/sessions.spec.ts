import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test, watchConsole } from '../support/fixtures.ts';
import { expectShellConnected, logInWithForm, loginButton, openSettings } from '../support/pages.ts';
import { seedUser, signInContext, type TestUser } from '../support/users.ts';

interface Actor {
  context: BrowserContext;
  page: Page;
  /** Checks the console stayed clean, then closes the context. */
  done(): Promise<void>;
}

/** One actor: a browser context of its own, signed in, with the shell open and connected. */
async function actor(browser: Browser, user: TestUser): Promise<Actor> {
  const context = await browser.newContext();
  await signInContext(context, user);
  const page = await context.newPage();
  const checkConsole = watchConsole(page);
  await page.goto('/');
  await expectShellConnected(page);
  return {
    context,
    page,
    async done() {
      checkConsole();
      await context.close();
    },
  };
}

/** Marks the page's JS realm, so a later check proves the page was never reloaded or navigated. */
async function markRealm(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { e2eMarker: string }).e2eMarker = 'still-here';
  });
}

async function expectSameRealm(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker)).toBe(
    'still-here',
  );
}

test.describe('sessions', () => {
  test('changing the password on A signs B out by itself, without a reload', async ({ browser, request }) => {
    const user = await seedUser(request, 'pwchange');
    const a = await actor(browser, user);
    const b = await actor(browser, user);
    await markRealm(b.page);
    let bNavigations = 0;
    b.page.on('framenavigated', (frame) => {
      if (frame === b.page.mainFrame()) bNavigations += 1;
    });

    const dialog = await openSettings(a.page, 'Account');
    const newPassword = `${user.password}-new`;
    await dialog.getByLabel('Current password').fill(user.password);
    await dialog.getByLabel('New password', { exact: true }).fill(newPassword);
    await dialog.getByLabel('Confirm new password').fill(newPassword);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await expect(dialog.getByTestId('password-changed')).toHaveText(
      'Your password was changed. 1 other device was signed out.',
    );

    // B is pushed back to the login screen by the server, with the reason.
    await expect(loginButton(b.page)).toBeVisible();
    await expect(b.page.getByTestId('signed-out-notice')).toContainText(
      'You were signed out because your password was changed on another device',
    );
    await expectSameRealm(b.page);
    expect(bNavigations).toBe(0);

    // A is still signed in; B can log in again with the new password (its username is prefilled).
    await expect(a.page.getByTestId('shell')).toBeVisible();
    await expect(b.page.getByLabel('Username')).toHaveValue(user.username);
    await logInWithForm(b.page, user.username, newPassword);
    await expect(b.page.getByTestId('profile-nickname')).toHaveText(user.nickname);

    await a.done();
    await b.done();
  });

  test("A sees B's session and revokes it; B returns to the login screen", async ({ browser, request }) => {
    const user = await seedUser(request, 'revoke');
    const a = await actor(browser, user);
    const b = await actor(browser, user);
    await markRealm(b.page);

    const dialog = await openSettings(a.page, 'Sessions');
    const rows = dialog.getByTestId('session-row');
    // A's own session comes first, marked as this device; the other one is B's.
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toHaveAttribute('data-current', 'true');
    await expect(rows.first()).toContainText('This device');
    const bRow = rows.nth(1);
    await expect(bRow).toHaveAttribute('data-current', 'false');
    await expect(bRow).toContainText('Chrome');
    await bRow.getByRole('button', { name: /^Revoke/ }).click();
    await expect(rows).toHaveCount(1);
    await expect(dialog.getByRole('status').filter({ hasText: 'was signed out' })).toBeVisible();

    await expect(loginButton(b.page)).toBeVisible();
    await expect(b.page.getByTestId('signed-out-notice')).toContainText('This session was signed out');
    await expectSameRealm(b.page);

    // Escape closes the dialog; A is unaffected.
    await a.page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expectShellConnected(a.page);

    await a.done();
    await b.done();
  });
});
