import { expect, type Locator, type Page } from '@playwright/test';

/** The signed-in shell, once its realtime connection is up (so server pushes can reach it). */
export async function expectShellConnected(page: Page): Promise<void> {
  await expect(page.getByTestId('shell')).toHaveAttribute('data-connection', 'connected');
}

/** The English login form's submit button, the sign of being on the login screen. */
export function loginButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Log in', exact: true });
}

/** Opens Settings from the account menu and shows the given section. */
export async function openSettings(
  page: Page,
  section:
    | 'Account'
    | 'Sessions'
    | 'Appearance'
    | 'Encryption'
    | 'Users'
    | 'Rooms'
    | 'Server status'
    | 'Audit log'
    | 'Server settings'
    | 'Exports',
): Promise<Locator> {
  await page.getByTestId('profile-button').click();
  await page.getByRole('menuitem', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('tab', { name: section }).click();
  return dialog;
}

/** Logs in through the login form. */
export async function logInWithForm(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await loginButton(page).click();
}
