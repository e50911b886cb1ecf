import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The real server in its own process, as an operator runs it. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
}

/** Options of startServer beyond the environment. */
export interface StartOptions {
  /** Reuse a data dir prepared beforehand (seeded database); default: a fresh temporary one. */
  dataDir?: string;
  /** Extra Node flags for the server, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** Delete the data dir on stop; default: only when startServer made it. Seeded ones run to hundreds of MB. */
  removeDataDir?: boolean;
}

/** A fresh temporary data dir. */
export function freshDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'mx-bench-'));
}

const messengerBin = path.join(repoRoot, 'apps/server/bin/messenger.js');

/**
 * The Node flags the `messenger` command runs with, read from its shebang (`#!/usr/bin/env -S node <flags>`),
 * so the benchmarks measure the server as shipped even when those flags change.
 */
export function productionNodeArgs(): string[] {
  const shebang = readFileSync(messengerBin, 'utf8').split('\n')[0] ?? '';
  return /\bnode\b(.*)$/.exec(shebang)?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
}

/**
 * Node flags for the server child: SERVER_NODE_ARGS (space-separated, e.g. "--max-semi-space-size=8", to try a
 * setting without touching the server), plus `--cpu-prof` into bench/results/profiles when PROFILE=1.
 */
export function serverNodeArgs(): string[] {
  const extra = (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  if (process.env.PROFILE !== '1') return extra;
  return [...extra, '--cpu-prof', `--cpu-prof-dir=${path.join(repoRoot, 'bench/results/profiles')}`];
}

/**
 * Starts `messenger serve` (bin/messenger.js with the Node flags of its shebang, then `opts.nodeArgs`, which
 * win) with the given environment (DATABASE_URL and the like pass through from ours); resolves once /healthz
 * answers.
 */
export async function startServer(
  env: Record<string, string>,
  opts: StartOptions = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = opts.dataDir ?? freshDataDir();
  const args = [...productionNodeArgs(), ...(opts.nodeArgs ?? []), messengerBin, 'serve'];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    pid: child.pid!,
    dataDir,
    stop: () =>
      new Promise((resolve) => {
        const done = (): void => {
          if (opts.removeDataDir ?? !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}

/** A browser-like HTTP client: a cookie jar and the CSRF token. */
export class Browser {
  private readonly cookies = new Map<string, string>();
  private csrf = '';
  private readonly base: string;

  constructor(base: string) {
    this.base = base;
  }

  /** Sets a cookie as if the server had (used with sessions seeded straight into the database). */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  /** The Cookie header this browser sends (for a socket handshake). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** POSTs a multipart form to /api/upload (fetch writes the boundary and streams the Blob). */
  upload(form: FormData): Promise<Response> {
    return fetch(`${this.base}/api/upload`, {
      method: 'POST',
      headers: { cookie: this.cookieHeader(), 'x-csrf-token': this.csrf },
      body: form,
    });
  }

  async request(method: string, url: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { cookie: this.cookieHeader() };
    if (method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.base + url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    if (res.headers.get('content-type')?.includes('json')) {
      const data = (await res.clone().json()) as { csrfToken?: string };
      if (data.csrfToken) this.csrf = data.csrfToken;
    }
    return res;
  }
}

export { percentile, round1, summarize, type LatencySummary } from './stats.ts';

/** A growable list of float samples that does not box numbers (millions of latencies stay cheap). */
export class Samples {
  private buf = new Float64Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  values(): Float64Array {
    return this.buf.subarray(0, this.length);
  }
}

/** The machine, for the report header. */
export function machine(): {
  cpus: number;
  cpuModel: string | undefined;
  node: string;
  database: string;
} {
  const db = process.env.DATABASE_URL;
  const flags = [...productionNodeArgs(), ...(process.env.SERVER_NODE_ARGS ?? '').split(' ')].filter(Boolean);
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    // The server's Node flags are part of what was measured, so they go where the Node version is shown.
    node: flags.length > 0 ? `${process.version} (server: node ${flags.join(' ')})` : process.version,
    database: db?.startsWith('postgres') ? `PostgreSQL ${new URL(db).host}` : 'SQLite',
  };
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Writes `<name>.json` and `<name>.md` under bench/results and prints the report. */
export function writeResult(name: string, result: unknown, report: string): void {
  const dir = path.join(repoRoot, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(path.join(dir, `${name}.md`), report);
  process.stdout.write(`${report}\nWritten: bench/results/${name}.json and ${name}.md\n`);
}
