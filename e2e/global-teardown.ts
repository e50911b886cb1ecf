import fs from 'node:fs';
import { pgExec } from './support/pg-exec.ts';

/** Removes the run's data directory and PostgreSQL database (both created in playwright.config.ts). */
export default function globalTeardown(): void {
  const dir = process.env.MX_E2E_DATA_DIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  const url = process.env.MX_E2E_DATABASE_URL;
  const base = process.env.DATABASE_URL;
  if (!url || !base) return;
  const name = new URL(url).pathname.slice(1);
  if (/^mx_e2e_[0-9a-f]+$/.test(name)) pgExec(base, `drop database if exists ${name} with (force)`);
}
