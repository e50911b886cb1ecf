import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import {
  chmod,
  copyFile,
  link,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import type { DialectName } from '../db/dialect.ts';
import {
  createDatabase,
  databaseExists,
  databaseName,
  dropDatabase,
  dumpDatabase,
  dumpName,
  integrityProblems,
  kindOf,
  loadDump,
  readDatabase,
  renameDatabase,
  serverConnections,
  sqliteFile,
  withDatabase,
  type Reader,
} from '../db/snapshot.ts';
import { VERSION } from '../version.ts';
import { runningServer } from './server-lock.ts';

/**
 * Backups of a whole installation (OPS-4): the database, the uploaded files and images, and the TLS files, in
 * one .tar.gz with a manifest of every entry's SHA-256. Taken while the server runs; verified by restoring into
 * a temporary place; restored only over a stopped server, keeping what was there before.
 */

export const MANIFEST = 'manifest.json';
/** Folders of DATA_DIR that a backup carries, beside the database. */
const DATA_FOLDERS = ['files', 'tls'] as const;

export interface Counts {
  users: number;
  rooms: number;
  messages: number;
  files: number;
}

export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
}

export interface BackupManifest {
  format: 1;
  app: 'intranet-messenger';
  version: string;
  /** The last migration applied to the database in the backup. */
  schemaVersion: string | null;
  createdAt: string;
  database: { kind: DialectName; entry: string };
  counts: Counts;
  entries: ManifestEntry[];
}

/** Where an installation keeps its data. */
export interface Installation {
  dataDir: string;
  databaseUrl: string;
}

async function counts(q: Reader): Promise<{ counts: Counts; schemaVersion: string | null }> {
  const n = async (table: string) => Number((await q(`select count(*) as n from ${table}`))[0]!.n);
  const last = await q('select name from kysely_migration order by name desc limit 1');
  return {
    counts: {
      users: await n('users'),
      rooms: await n('rooms'),
      messages: await n('messages'),
      files: await n('files'),
    },
    schemaVersion: (last[0]?.name as string | undefined) ?? null,
  };
}

/**
 * The files the database refers to, each as the archive paths that would satisfy it (an upload is in
 * `objects/` once released or still in `incoming/`; an image may have the name of before versions).
 */
async function referencedFiles(q: Reader): Promise<string[][]> {
  const out: string[][] = [];
  for (const r of await q('select id from files where deleted_at is null')) {
    const id = String(r.id);
    out.push([`files/objects/${id.slice(0, 2)}/${id}`, `files/incoming/${id}`]);
  }
  const images = async (kind: 'avatars' | 'rooms', table: string, column: string) => {
    for (const r of await q(`select id, ${column} as v from ${table} where ${column} > 0`)) {
      for (const size of ['full', 'thumb'])
        out.push([
          `files/${kind}/${String(r.id)}.${Number(r.v)}.${size}.webp`,
          `files/${kind}/${String(r.id)}.${size}.webp`,
        ]);
    }
  };
  await images('avatars', 'users', 'avatar_version');
  await images('rooms', 'rooms', 'image_version');
  return out;
}

/** Every regular file under `root`, as paths relative to it with forward slashes. */
async function walk(root: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, prefix), { withFileTypes: true }).catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    },
  );
  const out: string[] = [];
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await walk(root, rel)));
    else if (e.isFile() && !e.name.endsWith('.tmp')) out.push(rel);
  }
  return out;
}

/** Hard-links (or, across file systems, copies) `from` to `to`; false when `from` is gone meanwhile. */
async function place(from: string, to: string): Promise<boolean> {
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await link(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code === 'EEXIST') return true;
    if (code !== 'EXDEV' && code !== 'EPERM') throw err;
    try {
      await copyFile(from, to);
    } catch (copyErr) {
      if ((copyErr as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw copyErr;
    }
  }
  return true;
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

async function describe(root: string, rel: string): Promise<ManifestEntry> {
  const file = path.join(root, rel);
  return { path: rel, size: (await stat(file)).size, sha256: await sha256(file) };
}

/** `name-<timestamp>` for a file or folder made now. */
function stamped(name: string, now = new Date()): string {
  return `${name}-${utcStamp(now, true)}`;
}

/** `20261207T023000Z` (with milliseconds: `20261207T023000123Z`), sorting by time. */
function utcStamp(now: Date, ms = false): string {
  const iso = now.toISOString().replace(/[-:]/g, '');
  return ms ? iso.replace('.', '') : iso.replace(/\.\d+Z$/, 'Z');
}

/** `<prefix>-<time>.tar.gz`, sorting by time (the name scheduled backups and their rotation use). */
export function backupFileName(prefix = 'messenger', now = new Date()): string {
  return `${prefix}-${utcStamp(now)}.tar.gz`;
}

export interface BackupResult {
  file: string;
  bytes: number;
  manifest: BackupManifest;
}

/**
 * Writes a backup of a running (or stopped) installation to `out`. Uploaded files are never changed once
 * written, only added and removed, so they are hard-linked into a staging folder before and after the
 * database is copied: everything the copied database refers to is then in the archive, even a file deleted
 * while the backup runs.
 */
export async function createBackup(inst: Installation, out: string): Promise<BackupResult> {
  const kind = kindOf(inst.databaseUrl);
  const staging = path.join(inst.dataDir, `.${stamped('backup')}-${randomBytes(3).toString('hex')}`);
  await mkdir(staging, { recursive: true, mode: 0o700 });
  try {
    const linkAll = async () => {
      for (const folder of DATA_FOLDERS) {
        for (const rel of await walk(path.join(inst.dataDir, folder))) {
          await place(path.join(inst.dataDir, folder, rel), path.join(staging, folder, rel));
        }
      }
    };
    await linkAll();
    const dbEntry = `database/${dumpName(kind)}`;
    await mkdir(path.join(staging, 'database'));
    const { counts: c, schemaVersion } = await dumpDatabase(
      inst.databaseUrl,
      path.join(staging, dbEntry),
      counts,
    );
    await linkAll(); // uploads that arrived while the database was copied

    const rels = [dbEntry];
    for (const folder of DATA_FOLDERS)
      rels.push(...(await walk(path.join(staging, folder))).map((r) => `${folder}/${r}`));
    const entries: ManifestEntry[] = [];
    for (const rel of rels) entries.push(await describe(staging, rel));
    const manifest: BackupManifest = {
      format: 1,
      app: 'intranet-messenger',
      version: VERSION,
      schemaVersion,
      createdAt: new Date().toISOString(),
      database: { kind, entry: dbEntry },
      counts: c,
      entries,
    };
    await writeFile(path.join(staging, MANIFEST), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });

    const target = path.resolve(out);
    await mkdir(path.dirname(target), { recursive: true });
    const partial = `${target}.${process.pid}.partial`;
    const present = [MANIFEST, 'database', ...DATA_FOLDERS.filter((f) => existsSync(path.join(staging, f)))];
    // The archive holds the CA key and every secret of the installation: readable by its owner only.
    await writeFile(partial, '', { mode: 0o600 });
    await tar.create({ gzip: true, file: partial, cwd: staging, portable: true }, present);
    await chmod(partial, 0o600);
    await rename(partial, target);
    return { file: target, bytes: (await stat(target)).size, manifest };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export interface VerifyResult {
  ok: boolean;
  manifest: BackupManifest | null;
  problems: string[];
}

/** Unpacks a backup into a new temporary folder under `parent` and reads its manifest. */
async function unpack(file: string, parent = tmpdir()): Promise<{ dir: string; manifest: BackupManifest }> {
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(path.join(parent, '.messenger-restore-'));
  try {
    await tar.extract({ file, cwd: dir, strict: true, preservePaths: false });
    const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as BackupManifest;
    if (manifest.format !== 1 || manifest.app !== 'intranet-messenger')
      throw new Error(`${file} is not a backup of this messenger`);
    return { dir, manifest };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Every entry is there with its size and checksum, and nothing else is; also what the archive holds. */
async function checkEntries(
  dir: string,
  manifest: BackupManifest,
): Promise<{ problems: string[]; present: Set<string> }> {
  const problems: string[] = [];
  const present = new Set(await walk(dir));
  const listed = new Set(manifest.entries.map((e) => e.path));
  for (const e of manifest.entries) {
    if (!present.has(e.path)) {
      problems.push(`${e.path}: missing from the archive`);
      continue;
    }
    const actual = await describe(dir, e.path);
    if (actual.size !== e.size || actual.sha256 !== e.sha256)
      problems.push(`${e.path}: checksum does not match`);
  }
  for (const rel of present) {
    if (rel !== MANIFEST && !listed.has(rel)) problems.push(`${rel}: in the archive but not in the manifest`);
  }
  return { problems, present };
}

/** Checks a loaded database against the manifest: integrity, row counts, the files it refers to. */
async function checkDatabase(url: string, manifest: BackupManifest, present: Set<string>): Promise<string[]> {
  const problems = integrityProblems(url).map((p) => `database integrity: ${p}`);
  const [{ counts: actual }, referenced] = await readDatabase(
    url,
    async (q) => [await counts(q), await referencedFiles(q)] as const,
  );
  for (const key of Object.keys(manifest.counts) as (keyof Counts)[]) {
    if (actual[key] !== manifest.counts[key])
      problems.push(`database: ${actual[key]} ${key}, the manifest says ${manifest.counts[key]}`);
  }
  for (const choices of referenced) {
    if (!choices.some((c) => present.has(c)))
      problems.push(`${choices[0]}: the database refers to it; not in the archive`);
  }
  return problems;
}

/**
 * Restores a backup into a temporary place and checks it: every checksum, the database's own integrity
 * check, its row counts against the manifest, and that every file the database refers to is in the archive.
 * A PostgreSQL backup is loaded into a scratch database on the server of `postgresUrl`, dropped after.
 */
export async function verifyBackup(file: string, opts: { postgresUrl?: string } = {}): Promise<VerifyResult> {
  let unpacked: { dir: string; manifest: BackupManifest };
  try {
    unpacked = await unpack(file);
  } catch (err) {
    return { ok: false, manifest: null, problems: [`${file}: ${(err as Error).message}`] };
  }
  const { dir, manifest } = unpacked;
  try {
    const { problems, present } = await checkEntries(dir, manifest);
    const dump = path.join(dir, manifest.database.entry);
    if (manifest.database.kind === 'sqlite') {
      problems.push(...(await checkDatabase(`sqlite:${dump}`, manifest, present)));
    } else if (!opts.postgresUrl) {
      problems.push('a PostgreSQL backup is checked on a PostgreSQL server: set DATABASE_URL to one');
    } else {
      const scratch = withDatabase(opts.postgresUrl, `messenger_verify_${randomBytes(6).toString('hex')}`);
      await createDatabase(scratch);
      try {
        await loadDump(scratch, dump);
        problems.push(...(await checkDatabase(scratch, manifest, present)));
      } catch (err) {
        problems.push(`database: ${(err as Error).message}`);
      } finally {
        await dropDatabase(scratch);
      }
    }
    return { ok: problems.length === 0, manifest, problems };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the data that was there before now is (null when there was none). */
  previous: string | null;
  previousDatabase: string | null;
}

/**
 * Restores a backup over an installation whose server is stopped. What was there is moved aside, never
 * deleted: DATA_DIR's files, TLS files and SQLite database (with its WAL and shared-memory files) into
 * `DATA_DIR/before-restore-<time>/`, a PostgreSQL database renamed `<name>_before_restore_<time>`.
 */
export async function restoreBackup(file: string, inst: Installation): Promise<RestoreResult> {
  const pid = await runningServer(inst.dataDir);
  if (pid !== null)
    throw new Error(`a server (process ${pid}) is running on ${inst.dataDir}: stop it before restoring`);
  const kind = kindOf(inst.databaseUrl);
  if (kind === 'postgres' && (await databaseExists(inst.databaseUrl))) {
    const n = await serverConnections(inst.databaseUrl);
    if (n > 0)
      throw new Error(
        `${n} server connection(s) are open to ${databaseName(inst.databaseUrl)}: stop every server before restoring`,
      );
  }
  // Unpacked inside DATA_DIR: its folders are then moved into place, never copied across file systems.
  const { dir, manifest } = await unpack(file, inst.dataDir);
  try {
    const { problems } = await checkEntries(dir, manifest);
    if (problems.length > 0) throw new Error(`the backup is damaged:\n  ${problems.join('\n  ')}`);
    if (manifest.database.kind !== kind)
      throw new Error(
        `this is a ${manifest.database.kind} backup; DATABASE_URL points to ${kind}: restore onto the same kind of database`,
      );

    const when = new Date();
    const previous = path.join(inst.dataDir, stamped('before-restore', when));
    let moved = false;
    const moveAside = async (from: string) => {
      if (!existsSync(from)) return;
      await mkdir(previous, { recursive: true, mode: 0o700 });
      await rename(from, path.join(previous, path.basename(from)));
      moved = true;
    };
    await mkdir(inst.dataDir, { recursive: true });
    for (const folder of DATA_FOLDERS) await moveAside(path.join(inst.dataDir, folder));
    let previousDatabase: string | null = null;
    if (kind === 'sqlite') {
      const target = sqliteFile(inst.databaseUrl);
      for (const f of [target, `${target}-wal`, `${target}-shm`]) await moveAside(f);
      await mkdir(path.dirname(target), { recursive: true });
    } else if (await databaseExists(inst.databaseUrl)) {
      previousDatabase = `${databaseName(inst.databaseUrl)}_${stamped('before_restore', when).replace(/-/g, '_').toLowerCase()}`;
      await renameDatabase(inst.databaseUrl, previousDatabase);
    }
    if (kind === 'postgres') await createDatabase(inst.databaseUrl);
    await loadDump(inst.databaseUrl, path.join(dir, manifest.database.entry));
    for (const folder of DATA_FOLDERS) {
      if (existsSync(path.join(dir, folder)))
        await rename(path.join(dir, folder), path.join(inst.dataDir, folder));
    }
    return { manifest, previous: moved ? previous : null, previousDatabase };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
