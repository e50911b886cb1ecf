import { type Page } from '@playwright/test';
import { expect, test, watchConsole } from '../support/fixtures.ts';
import { startOwnServer, type OwnServer } from '../support/own-server.ts';
import { expectShellConnected } from '../support/pages.ts';
import { enrolThroughApi, registerThroughApi, totpCode } from '../support/two-factor.ts';
import { newUser, seedUser, signInContext } from '../support/users.ts';

/** The secret as the page shows it (in groups of four), without the spaces. */
async function secretOnPage(page: Page): Promise<string> {
  const text = await page.getByTestId('two-factor-secret').textContent();
  return (text ?? '').replace(/\s/g, '');
}

test('AUTH-16: turning two-step verification on in the settings, then signing in with a code (Korean)', async ({
  browser,
  request,
}) => {
  const user = await seedUser(request, 'totpko');
  const context = await browser.newContext({ locale: 'ko-KR' });
  const page = await context.newPage();
  const checkConsole = watchConsole(page);
  await signInContext(context, user);
  await page.goto('/');
  await expectShellConnected(page);

  await page.getByTestId('profile-button').click();
  await page.getByRole('menuitem', { name: '설정', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '설정' });
  await dialog.getByRole('tab', { name: '계정' }).click();
  const section = dialog.getByTestId('two-factor-section');
  await expect(section.getByTestId('two-factor-status')).toHaveText('꺼짐');
  await section.getByRole('button', { name: '2단계 인증 켜기' }).click();
  await expect(section.getByRole('img', { name: '인증 앱에서 스캔할 QR 코드' })).toBeVisible();
  const secret = await secretOnPage(page);
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  // A wrong code is refused beside the field, in Korean.
  await section.getByLabel('인증 코드').fill('000000');
  await section.getByRole('button', { name: '확인하고 켜기' }).click();
  await expect(section.getByText('인증 코드가 올바르지 않습니다', { exact: false })).toBeVisible();
  // The previous step's code (the app's clock may lag); the login below then uses the current one.
  await section.getByLabel('인증 코드').fill(await totpCode(secret, 1));
  await section.getByRole('button', { name: '확인하고 켜기' }).click();
  const codes = section.getByTestId('recovery-codes');
  await expect(codes.getByRole('listitem')).toHaveCount(10);
  await codes.getByRole('button', { name: '저장했습니다, 계속' }).click();
  await expect(section.getByTestId('two-factor-status')).toHaveText('켜짐 — 남은 복구 코드 10개');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await page.getByTestId('profile-button').click();
  await page.getByRole('menuitem', { name: '로그아웃' }).click();
  await page.getByLabel('비밀번호', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: '로그인', exact: true }).click();
  const step = page.getByTestId('two-factor-login');
  await expect(step.getByRole('heading', { name: '2단계 인증' })).toBeVisible();
  const codeField = step.getByLabel('인증 코드');
  await expect(codeField).toBeFocused();
  await expect(codeField).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(codeField).toHaveAttribute('inputmode', 'numeric');
  await page.screenshot({ path: '/tmp/two-factor-code-ko.png', fullPage: true });
  await codeField.fill(await totpCode(secret));
  await page.keyboard.press('Enter');
  await expectShellConnected(page);
  checkConsole();
  await context.close();
});

test('AUTH-16: a recovery code signs in once when the phone is not at hand (English)', async ({
  browser,
  request,
}) => {
  const user = await seedUser(request, 'totprec');
  const api = await browser.newContext();
  await signInContext(api, user);
  const { recoveryCodes } = await enrolThroughApi(api.request);
  await api.close();

  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  const step = page.getByTestId('two-factor-login');
  await expect(step.getByRole('heading', { name: 'Two-step verification' })).toBeVisible();
  await step.getByRole('button', { name: 'Use a recovery code' }).click();
  const field = step.getByLabel('Recovery code');
  await expect(field).toBeFocused();
  await field.fill(recoveryCodes[0]!.toUpperCase());
  await step.getByRole('button', { name: 'Verify' }).click();
  await expectShellConnected(page);

  // The same recovery code does not work twice.
  await page.getByTestId('profile-button').click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await step.getByRole('button', { name: 'Use a recovery code' }).click();
  await step.getByLabel('Recovery code').fill(recoveryCodes[0]!);
  await step.getByRole('button', { name: 'Verify' }).click();
  await expect(step.getByText('That code is not right', { exact: false })).toBeVisible();
  await step.getByLabel('Recovery code').fill(recoveryCodes[1]!);
  await step.getByRole('button', { name: 'Verify' }).click();
  await expectShellConnected(page);
  await context.close();
});

test.describe('required by the administrator (own server)', () => {
  let server: OwnServer;
  test.beforeAll(async () => {
    server = await startOwnServer({ env: {} });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test('AUTH-16: an admin requires two-step verification; a signed-in user is led through enrolment on a phone and lands in the chat; the admin resets it', async ({
    browser,
  }) => {
    test.setTimeout(60_000);
    // The first account of this server is its administrator; it turns two-step verification on first.
    const admin = newUser('totpadm', '관리자');
    const adminContext = await browser.newContext({ baseURL: server.baseURL, locale: 'en-US' });
    await registerThroughApi(adminContext.request, admin);
    await enrolThroughApi(adminContext.request);
    const member = newUser('totpmem', '민지');
    const memberContext = await browser.newContext({
      baseURL: server.baseURL,
      locale: 'ko-KR',
      viewport: { width: 375, height: 740 },
    });
    await registerThroughApi(memberContext.request, member);
    const memberPage = await memberContext.newPage();
    const checkMember = watchConsole(memberPage);
    await memberPage.goto('/');
    await expectShellConnected(memberPage);

    const adminPage = await adminContext.newPage();
    const checkAdmin = watchConsole(adminPage);
    await adminPage.goto('/');
    await expectShellConnected(adminPage);
    await adminPage.getByTestId('profile-button').click();
    await adminPage.getByRole('menuitem', { name: 'Settings' }).click();
    const settings = adminPage.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('tab', { name: 'Sign-in' }).click();
    const policy = settings.getByTestId('sign-in-policy');
    // Local login cannot be turned off here: no company sign-in is configured.
    await expect(policy.getByRole('checkbox', { name: /accounts of this server/ })).toBeDisabled();
    await policy.getByRole('radio', { name: 'Required for everyone' }).check();
    await expect(policy.getByText('Saved.')).toBeVisible();

    // The member had no second factor: signed out at once, led to enrolment at the next sign-in.
    await expect(memberPage.getByTestId('signed-out-notice')).toContainText(
      '관리자가 2단계 인증을 필수로 정했습니다.',
    );
    await memberPage.getByLabel('비밀번호', { exact: true }).fill(member.password);
    await memberPage.getByRole('button', { name: '로그인', exact: true }).click();
    const step = memberPage.getByTestId('two-factor-login');
    await expect(step.getByRole('heading', { name: '2단계 인증 설정' })).toBeVisible();
    await expect(step.getByRole('img', { name: '인증 앱에서 스캔할 QR 코드' })).toBeVisible();
    const secret = await secretOnPage(memberPage);
    expect(await memberPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await memberPage.screenshot({ path: '/tmp/two-factor-enrol-ko.png', fullPage: true });
    await step.getByLabel('인증 코드').fill(await totpCode(secret));
    await step.getByRole('button', { name: '확인하고 켜기' }).click();
    await expect(step.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
    await memberPage.screenshot({ path: '/tmp/two-factor-codes-ko.png', fullPage: true });
    await step.getByRole('button', { name: '저장했습니다, 계속' }).click();
    await expectShellConnected(memberPage);

    // The admin resets it (a lost phone): the member is signed out.
    await settings.getByRole('tab', { name: 'Users' }).click();
    const row = settings.getByTestId('admin-user-row').filter({ hasText: member.username });
    await expect(row.getByText('2-step')).toBeVisible();
    await row.getByRole('button', { name: `Reset two-step verification of ${member.nickname}` }).click();
    await adminPage
      .getByTestId('reset-two-factor-confirm')
      .getByRole('button', { name: 'Reset two-step verification' })
      .click();
    await expect(row.getByText('2-step')).toBeHidden();
    await expect(memberPage.getByTestId('signed-out-notice')).toContainText(
      '관리자가 2단계 인증을 초기화했습니다.',
    );

    await settings.getByRole('tab', { name: 'Sign-in' }).click();
    await settings
      .getByTestId('sign-in-policy')
      .getByRole('radio', { name: /^Optional/ })
      .check();
    await expect(settings.getByText('Saved.')).toBeVisible();
    checkMember();
    checkAdmin();
    await memberContext.close();
    await adminContext.close();
  });
});
