import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import { message, openRoom, sendWithEnter } from '../support/chat.ts';
import { openSettings } from '../support/pages.ts';
import { startOwnServer, type OwnServer } from '../support/own-server.ts';
import { uniqueUsername } from '../support/users.ts';
import config from '../playwright.config.ts';

// A server of its own over HTTPS with a CA made by `messenger cert init`, and a Chromium whose certificate
// store (NSS, in its HOME) trusts that CA the way an IT person would install it: no ignoreHTTPSErrors.
test.describe('HTTPS with the local CA (OPS-7)', () => {
  let server: OwnServer;
  let browser: Browser;
  let home: string;

  test.beforeAll(async () => {
    server = await startOwnServer({
      scheme: 'https',
      env: { HTTPS: 'true' },
      prepare: (_dataDir, cli) => cli(['cert', 'init', '--host', 'localhost']),
    });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'mx-e2e-home-'));
    const nssdb = path.join(home, '.pki/nssdb');
    fs.mkdirSync(nssdb, { recursive: true });
    execFileSync('certutil', ['-d', `sql:${nssdb}`, '-N', '--empty-password']);
    execFileSync('certutil', [
      '-d',
      `sql:${nssdb}`,
      '-A',
      '-t',
      'C,,',
      '-n',
      'Intranet Messenger CA',
      '-i',
      path.join(server.dataDir, 'tls/ca.crt'),
    ]);
    browser = await chromium.launch({ ...config.use?.launchOptions, env: { ...process.env, HOME: home } });
  });
  test.afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  /** Signs a new user up from inside the page (the browser's own TLS, trusting the CA), then loads the app. */
  async function signUp(prefix: string): Promise<{ page: Page; id: string }> {
    const context = await browser.newContext({ baseURL: server.baseURL, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/');
    expect(await page.evaluate(() => window.isSecureContext && location.protocol)).toBe('https:');
    const id = await page.evaluate(async (username) => {
      const cfg = (await (await fetch('/api/config')).json()) as { csrfToken: string; secure: boolean };
      if (!cfg.secure) throw new Error('the server does not see HTTPS');
      const res = await fetch('/api/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': cfg.csrfToken },
        body: JSON.stringify({ username, password: 'password123' }),
      });
      return ((await res.json()) as { user: { id: string } }).user.id;
    }, uniqueUsername(prefix));
    await page.reload();
    await expect(page.getByTestId('shell')).toHaveAttribute('data-connection', 'connected');
    return { page, id };
  }

  test('OPS-7: two people chat over HTTPS, sockets included, in a browser that trusts the CA', async () => {
    const a = await signUp('tlsa');
    const b = await signUp('tlsb');
    await a.page.evaluate(async (memberId) => {
      const cfg = (await (await fetch('/api/config')).json()) as { csrfToken: string };
      await fetch('/api/rooms', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': cfg.csrfToken },
        body: JSON.stringify({ kind: 'group', name: '보안 연결방', memberIds: [memberId] }),
      });
    }, b.id);
    await openRoom(a.page, '보안 연결방');
    await openRoom(b.page, '보안 연결방');
    await sendWithEnter(a.page, '암호화된 연결로 보냄');
    await expect(message(b.page, '암호화된 연결로 보냄')).toHaveCount(1);
    // The service worker, notifications and Web Crypto are there: the page is a secure context.
    expect(await b.page.evaluate(() => 'serviceWorker' in navigator && !!crypto.subtle)).toBe(true);

    // The first account is the server admin: the status tab shows the certificate's end (OPS-10).
    const settings = await openSettings(a.page, 'Server status');
    await expect(settings.getByTestId('status-https')).toContainText(
      /Certificate valid until .* \(39[67] days left\)/,
    );
    await expect(settings.getByTestId('status-backup')).toContainText('No scheduled backups');
    await a.page.screenshot({ path: test.info().outputPath('server-status.png') });
  });

  test('OPS-7: a browser that does not trust the CA is stopped at the certificate', async ({ page }) => {
    await expect(page.goto(server.baseURL)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
  });
});
