import { expect, test, watchConsole } from '../support/fixtures.ts';
import { freePort, startOwnServer, type OwnServer } from '../support/own-server.ts';
import { startTestIdp, type TestIdp } from '../../apps/server/src/test/oidc-idp.ts';

// A server of its own configured for company single sign-on against a real OpenID provider (oidc-provider,
// its development login and consent pages) on a loopback port.
test.describe('company sign-in with OpenID Connect (AUTH-15)', () => {
  let idp: TestIdp;
  let server: OwnServer;

  test.beforeAll(async () => {
    const port = await freePort();
    const callback = `http://localhost:${port}/auth/oidc/callback`;
    idp = await startTestIdp({ redirectUris: [callback] });
    server = await startOwnServer({ port, env: idp.env(callback), onStop: () => idp.stop() });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test('AUTH-15: the company sign-in button, the provider’s page, then the chat (Korean)', async ({
    browser,
  }) => {
    const context = await browser.newContext({ baseURL: server.baseURL, locale: 'ko-KR' });
    const page = await context.newPage();
    const check = watchConsole(page);
    await page.goto('/');
    const button = page.getByRole('link', { name: '회사 계정으로 로그인' });
    await expect(button).toBeVisible();
    // The password form stays beside it while local login is on.
    await expect(page.getByLabel('비밀번호')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('sso-login-ko.png') });
    await button.click();

    // The provider's own pages: sign in, then allow the messenger.
    await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
    await page.locator('input[name=login]').fill('sub-minji');
    await page.locator('input[name=password]').fill('company-password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await expect(page).toHaveURL(`${server.baseURL}/`);
    await expect(page.getByTestId('shell')).toHaveAttribute('data-connection', 'connected');
    await expect(page.getByTestId('shell')).toContainText('김민지');
    await context.close();
    check();
  });

  test('AUTH-15: a forged callback comes back to the login screen with a clear explanation (English)', async ({
    browser,
  }) => {
    const context = await browser.newContext({ baseURL: server.baseURL, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/auth/oidc/callback?code=stolen&state=forged');
    await expect(page.getByTestId('sso-error')).toContainText('could not be verified');
    // The address bar is clean again: a reload does not repeat the message.
    await expect(page).toHaveURL(`${server.baseURL}/`);
    await expect(page.getByRole('link', { name: 'Sign in with company account' })).toBeVisible();
    await context.close();
  });
});
