import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A messenger of a scenario's own (beside the suite's), with its own SQLite data folder and port. */
export interface OwnServer {
  baseURL: string;
  dataDir: string;
  stop(): Promise<void>;
}

function withoutKeys(env: NodeJS.ProcessEnv, keys: string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !keys.includes(k)));
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Polls until `ready` answers (or fails when the server exits first). */
async function waitUntilUp(
  ready: () => Promise<boolean>,
  child: ChildProcess,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log()}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts `messenger serve` with `env` on a free port and a new data folder (its own SQLite and in-process
 * state, whatever database the runner was given), serving the suite's built web client. `prepare` runs on the
 * data folder first (e.g. `cert init`); the server is up once its banner is printed.
 */
export async function startOwnServer(opts: {
  env: Record<string, string>;
  prepare?: (dataDir: string, run: (args: string[]) => Promise<void>) => Promise<void>;
  scheme?: 'http' | 'https';
  /** The port to use (when its URL must be known first, e.g. registered at an identity provider). */
  port?: number;
  onStop?: () => Promise<void>;
}): Promise<OwnServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mx-e2e-own-'));
  const port = opts.port ?? (await freePort());
  const baseURL = `${opts.scheme ?? 'http'}://localhost:${port}`;
  const cwd = path.resolve(import.meta.dirname, '../..');
  const env = {
    ...withoutKeys(process.env, ['DATABASE_URL', 'REDIS_URL']),
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_LOGIN: '1000/min',
    RATE_LIMIT_REGISTER: '1000/hour',
    ...opts.env,
  };
  const cli = (args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const c = spawn(process.execPath, ['apps/server/src/cli.ts', ...args], { cwd, env, stdio: 'ignore' });
      c.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`messenger ${args.join(' ')}: ${code}`)),
      );
    });
  await opts.prepare?.(dataDir, cli);
  let output = '';
  const child = spawn(process.execPath, ['apps/server/src/cli.ts', 'serve'], {
    cwd,
    env,
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
    await opts.onStop?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(
      async () => output.includes(`Local:    ${baseURL}`),
      child,
      () => output,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseURL, dataDir, stop };
}
