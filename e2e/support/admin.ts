import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expectShellConnected } from './pages.ts';
import { newUser, signInContext, type TestUser } from './users.ts';

/**
 * A server administrator made as an operator would, with the messenger command against the running server's
 * data (its own PostgreSQL database when the run has one), signed in in a browser context of its own.
 */
export async function openAdmin(
  browser: Browser,
  prefix = 'boss',
): Promise<{ context: BrowserContext; page: Page; user: TestUser }> {
  const user = newUser(prefix, '관리자');
  execFileSync(process.execPath, ['apps/server/src/cli.ts', 'create-admin', '--username', user.username], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      DATA_DIR: process.env.MX_E2E_DATA_DIR,
      ...(process.env.MX_E2E_DATABASE_URL ? { DATABASE_URL: process.env.MX_E2E_DATABASE_URL } : {}),
      MESSENGER_ADMIN_PASSWORD: user.password,
    },
  });
  const context = await browser.newContext();
  await signInContext(context, user);
  const page = await context.newPage();
  await page.goto('/');
  await expectShellConnected(page);
  return { context, page, user };
}
