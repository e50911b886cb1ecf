import fs from 'node:fs';
import { expect, test, watchConsole } from '../support/fixtures.ts';
import { freePort, startOwnServer, type OwnServer } from '../support/own-server.ts';
import { expectShellConnected, logInWithForm, openSettings } from '../support/pages.ts';
import { request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import { startTestIdp, type TestIdp } from '../../apps/server/src/test/oidc-idp.ts';

// A server of its own configured for company single sign-on against a real OpenID provider (oidc-provider,
// its development login and consent pages) on a loopback port.
test.describe('company sign-in with OpenID Connect (AUTH-15)', () => {
  let idp: TestIdp;
  let server: OwnServer;
  /** The server's first account, its administrator, signed in through the API. */
  let admin: { api: APIRequestContext; csrf: string };

  test.beforeAll(async () => {
    const port = await freePort();
    const callback = `http://localhost:${port}/auth/oidc/callback`;
    idp = await startTestIdp({ redirectUris: [callback] });
    server = await startOwnServer({ port, env: idp.env(callback), onStop: () => idp.stop() });
    const api = await playwrightRequest.newContext({ baseURL: server.baseURL });
    const config = (await (await api.get('/api/config')).json()) as { csrfToken: string };
    const res = await api.post('/api/register', {
      data: { username: 'it_admin', password: 'password123' },
      headers: { 'x-csrf-token': config.csrfToken },
    });
    admin = { api, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  });
  test.afterAll(async () => {
    await admin?.api.dispose();
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

  /** Calls the API from inside the page, with its cookies and CSRF token. */
  async function api(page: Page, method: string, path: string, body?: unknown): Promise<number> {
    return page.evaluate(
      async ([m, p, b]) => {
        const cfg = (await (await fetch('/api/config')).json()) as { csrfToken: string };
        const res = await fetch(p as string, {
          method: m as string,
          headers: { 'content-type': 'application/json', 'x-csrf-token': cfg.csrfToken },
          ...(b === undefined ? {} : { body: JSON.stringify(b) }),
        });
        return res.status;
      },
      [method, path, body] as const,
    );
  }

  test('AUTH-15: a local account moves to company sign-in by the e-mail its owner saved (English)', async ({
    browser,
  }) => {
    // The administrator lets company sign-in take local accounts over by e-mail.
    const on = await admin.api.put('/api/admin/sign-in-policy', {
      data: { linkOidcByEmail: true },
      headers: { 'x-csrf-token': admin.csrf },
    });
    expect(on.status()).toBe(200);

    const context = await browser.newContext({ baseURL: server.baseURL, locale: 'en-US' });
    const page = await context.newPage();
    const check = watchConsole(page);
    await page.goto('/');
    expect(await api(page, 'POST', '/api/register', { username: 'hana', password: 'password123' })).toBe(200);
    await page.reload();
    await expectShellConnected(page);
    const settings = await openSettings(page, 'Account');
    await settings.getByLabel('E-mail address').fill('hana@corp.example');
    await settings.getByRole('button', { name: 'Save e-mail' }).click();
    await expect(settings.getByTestId('email-saved')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('settings-email.png') });
    await page.keyboard.press('Escape');
    expect(await api(page, 'POST', '/api/logout')).toBe(200);

    await page.goto('/');
    await page.getByRole('link', { name: 'Sign in with company account' }).click();
    await page.locator('input[name=login]').fill('sub-hana');
    await page.locator('input[name=password]').fill('company-password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectShellConnected(page);
    // The same account, now a company one: its settings say so instead of offering a password form.
    const after = await openSettings(page, 'Account');
    await expect(after.getByTestId('directory-account')).toContainText('Company account');
    await expect(page.getByTestId('shell')).toContainText('정하나');
    await context.close();
    check();
  });

  test('AUTH-14: with local login off only the company button shows; /?local=1 is the break-glass way in', async ({
    browser,
  }) => {
    const policy = (data: Record<string, unknown>) =>
      admin.api.put('/api/admin/sign-in-policy', { data, headers: { 'x-csrf-token': admin.csrf } });
    expect((await policy({ localLogin: false, localSignup: false })).status()).toBe(200);
    try {
      const context = await browser.newContext({ baseURL: server.baseURL, locale: 'ko-KR' });
      const page = await context.newPage();
      await page.goto('/');
      const button = page.getByRole('link', { name: '회사 계정으로 로그인' });
      await expect(button).toBeFocused();
      await expect(page.getByLabel('비밀번호')).toHaveCount(0);
      await expect(page.getByRole('tab', { name: '회원가입' })).toHaveCount(0);
      await page.screenshot({ path: test.info().outputPath('sso-only-ko.png') });

      await page.goto('/?local=1');
      await page.getByLabel('아이디').fill('it_admin');
      await page.getByLabel('비밀번호').fill('password123');
      await page.getByRole('button', { name: '로그인', exact: true }).click();
      await expectShellConnected(page);
      await context.close();
    } finally {
      await policy({ localLogin: true, localSignup: true });
    }
  });

  test('AUDIT-2: the administrator reads, filters and exports the audit log in the settings (English)', async ({
    browser,
  }) => {
    const context = await browser.newContext({ baseURL: server.baseURL, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/');
    await logInWithForm(page, 'it_admin', 'password123');
    await expectShellConnected(page);
    const dialog = await openSettings(page, 'Audit log');
    const entries = dialog.getByTestId('audit-entries');
    // Newest first: this very sign-in, then the policy changes of the break-glass test.
    await expect(entries.locator('li').first()).toContainText('Signed in');
    await expect(entries).toContainText('Sign-in policy changed');

    await dialog.getByLabel('Username').fill('hana');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    // Signed up, taken over by the company account with its e-mail, then signed in through the provider.
    await expect(entries.locator('li')).toHaveText([/Signed in/, /Company account linked/, /Signed in/]);
    await page.screenshot({ path: test.info().outputPath('audit-log.png') });

    const download = page.waitForEvent('download');
    await dialog.getByTestId('audit-csv').click();
    const file = await (await download).path();
    const csv = fs.readFileSync(file, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('"auth.sso_linked"');
    expect(csv).not.toContain('"it_admin"');
    await context.close();
  });

  test('ACCT-5 ACCT-6: the administrator makes someone an admin and signs them out everywhere (English)', async ({
    browser,
  }) => {
    const memberContext = await browser.newContext({ baseURL: server.baseURL, locale: 'en-US' });
    const member = await memberContext.newPage();
    await member.goto('/');
    expect(
      await api(member, 'POST', '/api/register', { username: 'promoted', password: 'password123' }),
    ).toBe(200);
    await member.reload();
    await expectShellConnected(member);

    const context = await browser.newContext({ baseURL: server.baseURL, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/');
    await logInWithForm(page, 'it_admin', 'password123');
    const users = (await openSettings(page, 'Users')).getByTestId('admin-users');
    await users.getByRole('searchbox', { name: 'Search users' }).fill('promoted');
    const row = users.getByTestId('admin-user-row').filter({ hasText: '@promoted' });
    await row.getByRole('button', { name: 'Make promoted a server administrator' }).click();
    await expect(row).toContainText('Administrator');
    // The member's open app learns it on its next request: the settings now have the admin tabs.
    await member.reload();
    await openSettings(member, 'Users');
    await member.keyboard.press('Escape');

    await row.getByRole('button', { name: 'Sign promoted out on every device' }).click();
    await expect(page.getByTestId('signed-out-everywhere')).toContainText('Ended 1 session of promoted.');
    await expect(member.getByTestId('signed-out-notice')).toContainText('signed you out on every device');
    await row.getByRole('button', { name: 'Remove server administration from promoted' }).click();
    await expect(row).not.toContainText('Administrator');
    await context.close();
    await memberContext.close();
  });
});
