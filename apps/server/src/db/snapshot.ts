import { spawn } from 'node:child_process';
import { copyFile, rm } from 'node:fs/promises';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { DialectName } from './dialect.ts';

/**
 * A database copied whole, for backups (OPS-4): the SQLite online backup API or `pg_dump`, and the way back.
 * Each database's tools stay here, beside the dialect seam; the backup code above only names files.
 */

/** The application name every server connection to PostgreSQL carries, so a restore can see it running. */
export const PG_APPLICATION_NAME = 'intranet-messenger';

export function kindOf(url: string): DialectName {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

/** The SQLite file of a `sqlite:` URL. */
export function sqliteFile(url: string): string {
  return path.resolve(url.slice('sqlite:'.length));
}

/** The name the dump of this kind of database has inside a backup. */
export function dumpName(kind: DialectName): string {
  return kind === 'sqlite' ? 'messenger.db' : 'postgres.dump';
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'ENOENT'
          ? new Error(
              `${command} was not found: install Debian's postgresql-client (apt install postgresql-client), ` +
                'of the same major version as the PostgreSQL server or newer',
            )
          : err,
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`${command} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`),
        );
    });
  });
}

/** Runs one read-only SQL statement (no parameters) and returns its rows. */
export type Reader = (sql: string) => Promise<Record<string, unknown>[]>;

/**
 * Writes a consistent copy of the database into `file` while the server keeps serving, and runs `read` on
 * exactly what was copied: SQLite's online backup (pages copied in steps, restarted by SQLite if a write lands
 * in between, so the copy is one moment) read afterwards, or `pg_dump` on a snapshot exported from a
 * repeatable-read transaction that `read` runs in.
 */
export async function dumpDatabase<T>(
  url: string,
  file: string,
  read: (q: Reader) => Promise<T>,
): Promise<T> {
  if (kindOf(url) === 'sqlite') {
    const source = new SQLite(sqliteFile(url), { fileMustExist: true });
    try {
      source.pragma('busy_timeout = 5000');
      await source.backup(file);
    } finally {
      source.close();
    }
    // The copy is a single file: no WAL beside it, whatever the source's journal mode.
    const copy = new SQLite(file);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    return readDatabase(`sqlite:${file}`, read);
  }
  return withClient(url, async (client) => {
    await client.query('begin transaction isolation level repeatable read, read only');
    const snapshot = (await client.query<{ s: string }>('select pg_export_snapshot() as s')).rows[0]!.s;
    const result = await read(async (sql) => (await client.query(sql)).rows);
    await run('pg_dump', [
      '--format=custom',
      '--no-owner',
      '--no-privileges',
      `--snapshot=${snapshot}`,
      `--file=${file}`,
      `--dbname=${url}`,
    ]);
    await client.query('commit');
    return result;
  });
}

/** Runs `read` on the database at `url` (read only). */
export async function readDatabase<T>(url: string, read: (q: Reader) => Promise<T>): Promise<T> {
  if (kindOf(url) === 'sqlite') {
    const db = new SQLite(sqliteFile(url), { readonly: true, fileMustExist: true });
    try {
      return await read(async (sql) => db.prepare(sql).all() as Record<string, unknown>[]);
    } finally {
      db.close();
    }
  }
  return withClient(url, (client) => read(async (sql) => (await client.query(sql)).rows));
}

/**
 * Loads a dump made by `dumpDatabase` into the database at `url`, which must be empty (a SQLite file not there
 * yet, or a fresh PostgreSQL database). A SQLite file's stale WAL and shared-memory files are removed first.
 */
export async function loadDump(url: string, file: string): Promise<void> {
  if (kindOf(url) === 'sqlite') {
    const target = sqliteFile(url);
    await rm(`${target}-wal`, { force: true });
    await rm(`${target}-shm`, { force: true });
    await copyFile(file, target);
    return;
  }
  await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${url}`, file]);
}

/** Problems the database finds in itself (SQLite's integrity check); empty when it is sound. */
export function integrityProblems(url: string): string[] {
  if (kindOf(url) !== 'sqlite') return []; // pg_restore --exit-on-error has already checked every row it loaded
  const db = new SQLite(sqliteFile(url), { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  } finally {
    db.close();
  }
}

/** A PostgreSQL URL with another database name. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Runs `fn` with one connection to `url`, closed after. */
async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'messenger-backup' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Runs `fn` on the server of `url` from its maintenance database (one can't drop or rename the database one is
 * connected to). Not template1: `create database` copies it and refuses while anyone else is connected to it.
 */
function onServer<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const maintenance = databaseName(url) === 'postgres' ? 'template1' : 'postgres';
  return withClient(withDatabase(url, maintenance), fn);
}

export async function createDatabase(url: string): Promise<void> {
  await onServer(url, (c) => c.query(`create database ${quoteIdent(databaseName(url))}`));
}

export async function dropDatabase(url: string): Promise<void> {
  await onServer(url, (c) =>
    c.query(`drop database if exists ${quoteIdent(databaseName(url))} with (force)`),
  );
}

export async function renameDatabase(url: string, newName: string): Promise<void> {
  await onServer(url, (c) =>
    c.query(`alter database ${quoteIdent(databaseName(url))} rename to ${quoteIdent(newName)}`),
  );
}

/** Whether the database exists on its server. */
export async function databaseExists(url: string): Promise<boolean> {
  const r = await onServer(url, (c) =>
    c.query('select 1 from pg_database where datname = $1', [databaseName(url)]),
  );
  return r.rowCount === 1;
}

/** How many messenger servers are connected to this PostgreSQL database now. */
export async function serverConnections(url: string): Promise<number> {
  const r = await onServer(url, (c) =>
    c.query<{ n: string }>(
      'select count(*) as n from pg_stat_activity where datname = $1 and application_name = $2',
      [databaseName(url), PG_APPLICATION_NAME],
    ),
  );
  return Number(r.rows[0]!.n);
}
