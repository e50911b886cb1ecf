import fs from 'node:fs';

/** Removes the run's data directory (created in playwright.config.ts). */
export default function globalTeardown(): void {
  const dir = process.env.MX_E2E_DATA_DIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
