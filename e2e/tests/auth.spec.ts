import { expect, test } from '../support/fixtures.ts';
import { expectShellConnected, logInWithForm, loginButton } from '../support/pages.ts';
import { newUser, seedUser } from '../support/users.ts';

test.describe('sign-up and login', () => {
  test('a new user signs up, logs out and logs in again', async ({ page }) => {
    const user = newUser('signup', '김민지');
    await page.goto('/');

    await page.getByRole('tab', { name: 'Sign up' }).click();
    await page.getByLabel('Username').fill(user.username);
    await page.getByLabel('Nickname').fill(user.nickname);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByLabel('Confirm password').fill(user.password);
    await page.getByRole('button', { name: 'Create account' }).click();

    // Sign-up logs in: the shell shows the nickname and the empty states.
    await expect(page.getByTestId('profile-nickname')).toHaveText(user.nickname);
    await expect(page.getByText('No conversations yet')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Select a conversation' })).toBeVisible();
    await expectShellConnected(page);

    await page.getByTestId('profile-button').click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await expect(loginButton(page)).toBeVisible();
    // Logging out here is not "signed out elsewhere": no notice.
    await expect(page.getByTestId('signed-out-notice')).toHaveCount(0);

    await logInWithForm(page, user.username, user.password);
    await expect(page.getByTestId('profile-nickname')).toHaveText(user.nickname);

    // The session survives a reload (cookie), and the shell comes straight back.
    await page.reload();
    await expect(page.getByTestId('profile-nickname')).toHaveText(user.nickname);
  });

  test('wrong credentials show an inline error and keep the user on the form', async ({ page, request }) => {
    const user = await seedUser(request, 'wrongpw');
    await page.goto('/');

    await logInWithForm(page, user.username, 'not-the-password');
    await expect(page.getByTestId('form-error')).toHaveText('Incorrect username or password.');
    await expect(loginButton(page)).toBeEnabled();

    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await loginButton(page).click();
    await expect(page.getByTestId('profile-nickname')).toHaveText(user.nickname);
  });

  test('sign-up validates inline and reports a taken username next to the field', async ({
    page,
    request,
  }) => {
    const taken = await seedUser(request, 'taken');
    await page.goto('/');
    await page.getByRole('tab', { name: 'Sign up' }).click();

    await page.getByRole('button', { name: 'Create account' }).click();
    const username = page.getByLabel('Username');
    await expect(username).toHaveAttribute('aria-invalid', 'true');
    await expect(username).toBeFocused();

    await username.fill('a!');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Confirm password').fill('different');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('Use 3–20 letters, digits or underscores.')).toBeVisible();
    await expect(page.getByText('Use at least 8 characters.')).toBeVisible();
    await expect(page.getByText('The passwords do not match.')).toBeVisible();

    await username.fill(taken.username);
    await page.getByLabel('Password', { exact: true }).fill('long enough password');
    await page.getByLabel('Confirm password').fill('long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('That username is already taken.')).toBeVisible();
    await expect(username).toHaveAttribute('aria-invalid', 'true');
  });
});

test.describe('language', () => {
  test('the login screen follows the browser language', async ({ browser }) => {
    const korean = await browser.newContext({ locale: 'ko-KR' });
    const ko = await korean.newPage();
    await ko.goto('/');
    await expect(ko.getByRole('button', { name: '로그인', exact: true })).toBeVisible();
    await expect(ko.getByLabel('아이디')).toBeVisible();
    await expect(ko.locator('html')).toHaveAttribute('lang', 'ko');
    await korean.close();

    const english = await browser.newContext({ locale: 'en-US' });
    const en = await english.newPage();
    await en.goto('/');
    await expect(loginButton(en)).toBeVisible();
    await expect(en.locator('html')).toHaveAttribute('lang', 'en');
    await english.close();
  });

  test('a Korean user sees server errors in Korean', async ({ browser, request }) => {
    const user = await seedUser(request, 'kowrong');
    const context = await browser.newContext({ locale: 'ko-KR' });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('아이디').fill(user.username);
    await page.getByLabel('비밀번호', { exact: true }).fill('틀린 비밀번호입니다');
    await page.getByRole('button', { name: '로그인', exact: true }).click();
    await expect(page.getByTestId('form-error')).toHaveText('아이디 또는 비밀번호가 올바르지 않습니다.');
    await context.close();
  });
});
