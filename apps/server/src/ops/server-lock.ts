import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

/** The file a running server keeps in DATA_DIR, naming its process, so a restore can refuse (OPS-4). */
const SERVER_LOCK = 'server.pid';

/** Marks DATA_DIR as served by this process until `release` (restore refuses meanwhile). */
export async function writeServerLock(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, SERVER_LOCK);
  await writeFile(
    file,
    JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() }),
  );
  return async () => {
    await rm(file, { force: true });
  };
}

/** The process serving DATA_DIR on this machine, if one is alive. */
export async function runningServer(dataDir: string): Promise<number | null> {
  try {
    const lock = JSON.parse(await readFile(path.join(dataDir, SERVER_LOCK), 'utf8')) as {
      pid: number;
      host: string;
    };
    if (lock.host !== hostname()) return lock.pid; // another machine's: assume it runs
    process.kill(lock.pid, 0);
    return lock.pid;
  } catch {
    return null; // no lock, unreadable, or its process is gone
  }
}
