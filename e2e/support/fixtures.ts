import { test as base, expect, type Page } from '@playwright/test';

/**
 * Collects what would show up red in the browser console: uncaught exceptions and console errors (a CSP
 * violation is one). "Failed to load resource" is left out: the browser logs it for every expected 4xx,
 * such as the 401 of /api/me before login.
 */
export function watchConsole(page: Page): () => void {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      problems.push(`console.error: ${msg.text()}`);
    }
  });
  return () => expect(problems, 'browser console errors').toEqual([]);
}

/** Playwright's `test`, failing any test whose default page logged an error. */
export const test = base.extend<{ consoleGuard: void }>({
  consoleGuard: [
    async ({ page }, use) => {
      const check = watchConsole(page);
      await use();
      check();
    },
    { auto: true },
  ],
});

export { expect };
