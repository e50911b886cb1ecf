import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { pgExec } from './support/pg-exec.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
// E2E_PORT lets two checkouts run the suite at the same time on one machine.
const port = Number(process.env.E2E_PORT ?? 5199);
const baseURL = `http://localhost:${port}`;

// One fresh data directory per run. Workers re-evaluate this file, so the path travels in the environment
// (workers inherit it) instead of each worker creating its own.
process.env.MX_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'mx-e2e-'));

// With a PostgreSQL DATABASE_URL (CI), the server gets a database of its own for this run, created here and
// dropped by the teardown: never the server's maintenance database itself, where earlier runs (of other
// versions) would have left their tables and migration history.
if (process.env.DATABASE_URL?.startsWith('postgres') && !process.env.MX_E2E_DATABASE_URL) {
  const base = process.env.DATABASE_URL;
  const name = `mx_e2e_${randomBytes(4).toString('hex')}`;
  pgExec(base, `create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  process.env.MX_E2E_DATABASE_URL = url.toString();
}

export default defineConfig({
  testDir: './tests',
  outputDir: path.join(repoRoot, 'test-results'),
  // Two cores: the server, the browser and the runner already compete for them.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  globalTeardown: './global-teardown.ts',
  use: {
    baseURL,
    locale: 'en-US',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      // The system's Debian Chromium; Playwright never downloads a browser here.
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    // The Node running Playwright (24, with TypeScript type stripping) runs the server too.
    command: `"${process.execPath}" apps/server/src/cli.ts serve`,
    cwd: repoRoot,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      DATA_DIR: process.env.MX_E2E_DATA_DIR,
      ...(process.env.MX_E2E_DATABASE_URL ? { DATABASE_URL: process.env.MX_E2E_DATABASE_URL } : {}),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_LOGIN: '1000/min',
      RATE_LIMIT_REGISTER: '1000/hour',
      RATE_LIMIT_MESSAGE: '10000/min',
    },
  },
});
