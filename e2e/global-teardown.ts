import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Removes the run's data directory and PostgreSQL database (both created in playwright.config.ts). */
export default function globalTeardown(): void {
  const dir = process.env.MX_E2E_DATA_DIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  const url = process.env.MX_E2E_DATABASE_URL;
  if (url && process.env.DATABASE_URL) {
    const name = new URL(url).pathname.slice(1);
    if (!/^mx_e2e_[0-9a-f]+$/.test(name)) return;
    const drop = `const pg = require('pg'); const c = new pg.Client(process.argv[1]);
      c.connect().then(() => c.query('drop database if exists ${name} with (force)')).then(() => c.end());`;
    execFileSync(process.execPath, ['-e', drop, process.env.DATABASE_URL], {
      cwd: path.resolve(import.meta.dirname, '..'),
      stdio: 'inherit',
    });
  }
}
