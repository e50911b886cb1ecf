import { createHash } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { AppConfig } from '../config.ts';
import type { Scheduler } from '../scheduler.ts';
import type { StateStore } from '../state/index.ts';
import { parseCron } from './cron.ts';

/** Names of scheduled backups; rotation touches no other file (pre-migration and manual ones stay). */
const SCHEDULED = /^messenger-\d{8}T\d{6}Z\.tar\.gz$/;
/** Processes of one installation share its database: state-store keys of backups are per installation. */
function installationOf(config: AppConfig): string {
  return createHash('sha256').update(config.databaseUrl).digest('hex').slice(0, 16);
}

/** Where the last scheduled backup is noted, for the admin status (any process can read it). */
export function lastBackupKey(config: AppConfig): string {
  return `backup:last:${installationOf(config)}`;
}

/** The last scheduled backup of this installation, or null (OPS-10). */
export async function lastBackup(store: StateStore, config: AppConfig): Promise<LastBackup | null> {
  const noted = await store.get(lastBackupKey(config));
  return noted ? (JSON.parse(noted) as LastBackup) : null;
}

export interface LastBackup {
  file: string;
  bytes: number;
  at: string;
}

/**
 * Scheduled backups (OPS-9): every half minute each process checks BACKUP_SCHEDULE; in a due minute, the one
 * process that claims the minute in the state store (Redis when several run) writes the backup to BACKUP_DIR,
 * then removes the oldest scheduled backups beyond BACKUP_KEEP.
 */
export function scheduleBackups(d: {
  scheduler: Scheduler;
  store: StateStore;
  config: AppConfig;
  log: FastifyBaseLogger;
  now: () => number;
}): void {
  if (!d.config.backupSchedule) return;
  const cron = parseCron(d.config.backupSchedule);
  const installation = installationOf(d.config);
  d.scheduler.add({
    name: 'scheduled backup',
    everyMs: 30_000,
    run: async () => {
      const at = new Date(d.now());
      if (!cron.matches(at)) return;
      const minute = Math.floor(at.getTime() / 60_000);
      if (!(await d.store.claim(`backup:${installation}:${minute}`, 24 * 60 * 60 * 1000))) return;
      const { backupFileName, createBackup } = await import('./backup.ts');
      const result = await createBackup(
        { dataDir: d.config.dataDir, databaseUrl: d.config.databaseUrl },
        path.join(d.config.backupDir, backupFileName('messenger', at)),
      );
      const last: LastBackup = { file: result.file, bytes: result.bytes, at: at.toISOString() };
      await d.store.set(lastBackupKey(d.config), JSON.stringify(last), 400 * 24 * 60 * 60 * 1000);
      const removed = await rotate(d.config.backupDir, d.config.backupKeep);
      d.log.info({ ...last, removed }, 'scheduled backup written');
    },
  });
}

/** Keeps the newest `keep` scheduled backups in `dir`; returns the names removed. */
export async function rotate(dir: string, keep: number): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => SCHEDULED.test(n)).sort();
  const old = names.slice(0, Math.max(0, names.length - keep));
  for (const n of old) await rm(path.join(dir, n), { force: true });
  return old;
}
