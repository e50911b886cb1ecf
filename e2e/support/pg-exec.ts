import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Runs one SQL statement on a PostgreSQL server and waits for it: synchronously, because the Playwright config
 * (which makes the run's database) is evaluated synchronously. Only for our own statements, never user input.
 */
export function pgExec(url: string, statement: string): void {
  const script = `const pg = require('pg'); const c = new pg.Client(process.argv[1]);
    c.connect().then(() => c.query(process.argv[2])).then(() => c.end());`;
  execFileSync(process.execPath, ['-e', script, url, statement], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    stdio: 'inherit',
  });
}
