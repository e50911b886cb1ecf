import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { clamdAvailable, startClamd, type TestClamd } from '../../apps/server/src/test/clamd.ts';

export { EICAR } from '../../apps/server/src/test/clamd.ts';

/**
 * Whether the virus-scan scenarios are skipped: only when clamd is not installed and REQUIRE_CLAMD is not 1
 * (CI installs clamav-daemon and sets it, so there they fail rather than skip, like the server's tests).
 */
export const skipWithoutClamd = !clamdAvailable() && process.env.REQUIRE_CLAMD !== '1';

/** A messenger of its own that scans every upload with a real clamd (EICAR signature only). */
export interface ScanningServer {
  baseURL: string;
  stop(): Promise<void>;
}

function withoutKeys(env: NodeJS.ProcessEnv, keys: string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !keys.includes(k)));
}

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Polls until the server answers /healthz (or fails when it exits first). */
async function waitUntilUp(baseURL: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`scanning server exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(`${baseURL}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`scanning server did not start:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts clamd, then a second server (the suite's own runs without a scanner) with `CLAMD_SOCKET`, its own
 * data directory and port, serving the same built web client.
 */
export async function startScanningServer(): Promise<ScanningServer> {
  const clamd: TestClamd = await startClamd();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mx-e2e-scan-'));
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  let output = '';
  const child = spawn(process.execPath, ['apps/server/src/cli.ts', 'serve'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: {
      // Its own SQLite and in-process state, whatever database the runner was given.
      ...withoutKeys(process.env, ['DATABASE_URL', 'REDIS_URL']),
      PORT: String(port),
      DATA_DIR: dataDir,
      CLAMD_SOCKET: clamd.socketPath,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_LOGIN: '1000/min',
      RATE_LIMIT_REGISTER: '1000/hour',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await clamd.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(baseURL, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseURL, stop };
}
