import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROTOCOL_VERSION } from '@messenger/shared';
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './db/migrations/index.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../bin/messenger.js');

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  delete clean.REDIS_URL;
  return { ...clean, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'mx-cli-')), LOG_LEVEL: 'warn', ...extra };
}

describe('CFG-1, OPS: the messenger command', () => {
  it('--help lists the commands and every option with its default', async () => {
    const { stdout } = await run(process.execPath, [BIN, '--help']);
    for (const word of [
      'serve',
      'migrate',
      'create-admin',
      'cert init',
      'backup verify',
      'restore',
      '--port',
      'SESSION_TIMEOUT_HOURS',
      'default: 72',
      'OPEN_REGISTRATION',
    ]) {
      expect(stdout).toContain(word);
    }
  });

  it('OPS-3, OPS-4: cert init, backup, backup verify and restore from the command line', async () => {
    const e = env();
    await run(process.execPath, [BIN, 'migrate'], { env: e });
    const cert = await run(process.execPath, [BIN, 'cert', 'init', '--host', 'chat.corp.local'], { env: e });
    expect(cert.stdout).toMatch(/Fingerprint \(SHA-256\): ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    expect(cert.stdout).toContain('chat.corp.local');
    const out = path.join(e.DATA_DIR!, 'backups', 'b.tar.gz');
    expect((await run(process.execPath, [BIN, 'backup', '--out', out], { env: e })).stdout).toContain(
      `Wrote ${out}`,
    );
    expect((await run(process.execPath, [BIN, 'backup', 'verify', out], { env: e })).stdout).toContain(
      'Verified',
    );
    const bad = await run(process.execPath, [BIN, 'backup', 'verify', `${out}.missing`], { env: e }).catch(
      (x: unknown) => x as { code: number; stderr: string },
    );
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('did not verify') });
    const restored = await run(process.execPath, [BIN, 'restore', out], { env: e });
    expect(restored.stdout).toContain('The data that was there is in');
  }, 60_000);

  it('an invalid configuration exits 1 with every problem listed and no stack trace', async () => {
    const err = await run(process.execPath, [BIN, 'serve'], {
      env: env({ PORT: 'abc', TRUST_PROXY: 'perhaps' }),
    }).catch((e: unknown) => e);
    const { code, stderr } = err as { code: number; stderr: string };
    expect(code).toBe(1);
    expect(stderr).toContain('PORT');
    expect(stderr).toContain('TRUST_PROXY');
    expect(stderr).not.toMatch(/\s+at\s.+\.ts:\d+/);
  });

  it('OPS-7: serve with HTTPS=true and no certificate exits 1 before listening, naming the file and the fix', async () => {
    const e = env({ HTTPS: 'true' });
    const err = (await run(process.execPath, [BIN, 'serve'], { env: e }).catch((x: unknown) => x)) as {
      code: number;
      stderr: string;
    };
    expect(err.code).toBe(1);
    expect(err.stderr).toContain(`${e.DATA_DIR}/tls/server.crt does not exist`);
    expect(err.stderr).toContain('npx messenger cert init');
    expect(err.stderr).not.toMatch(/\s+at\s.+\.ts:\d+/);
  });

  it('OPS-7: serve over HTTPS prints https addresses, and HTTP_REDIRECT_PORT redirects plain HTTP to them', async () => {
    const free = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const e = env({ HOST: '127.0.0.1', HTTPS: 'true', HTTP_REDIRECT_PORT: String(free) });
    await run(process.execPath, [BIN, 'cert', 'init'], { env: e });
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: e });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await expect.poll(() => out, { timeout: 15_000 }).toMatch(/Local:\s+https:\/\/localhost:\d+/);
      const port = /Local:\s+https:\/\/localhost:(\d+)/.exec(out)![1]!;
      expect(out).toMatch(/TLS:\s+.*server\.crt, valid until \d{4}-\d\d-\d\d/);
      const res = await fetch(`http://127.0.0.1:${free}/rooms/abc?x=1`, { redirect: 'manual' });
      expect(res.status).toBe(308);
      expect(res.headers.get('location')).toBe(`https://127.0.0.1:${port}/rooms/abc?x=1`);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('OPS-7: serve --open opens the local address with the desktop opener', async () => {
    // A stand-in for xdg-open on PATH that writes down what it was asked to open.
    const bin = mkdtempSync(path.join(tmpdir(), 'mx-opener-'));
    const opened = path.join(bin, 'opened.txt');
    writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\necho "$1" > "${opened}"\n`, { mode: 0o755 });
    const e = env({ HOST: '127.0.0.1', PATH: `${bin}:${process.env.PATH}` });
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--open'], { env: e });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await expect.poll(() => out, { timeout: 15_000 }).toMatch(/Local:\s+http:\/\/localhost:\d+/);
      const url = /Local:\s+(http:\/\/localhost:\d+)/.exec(out)![1]!;
      await expect
        .poll(() => (existsSync(opened) ? readFileSync(opened, 'utf8').trim() : ''), { timeout: 10_000 })
        .toBe(url);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('migrate prints the schema version; create-admin makes an administrator who can log in', async () => {
    const e = env({ MESSENGER_ADMIN_PASSWORD: 'admin-password-1' });
    const migrated = await run(process.execPath, [BIN, 'migrate'], { env: e });
    expect(migrated.stdout).toContain(`schema version ${Object.keys(MIGRATIONS).at(-1)}`);
    const created = await run(
      process.execPath,
      [BIN, 'create-admin', '--username', 'root_admin', '--nickname', '관리자'],
      { env: e },
    );
    expect(created.stdout).toContain('Created administrator root_admin');
    const again = await run(process.execPath, [BIN, 'create-admin', '--username', 'ROOT_ADMIN'], {
      env: e,
    }).catch((x: unknown) => x);
    expect((again as { code: number }).code).toBe(1);
    expect((again as { stderr: string }).stderr).toContain('user.username_taken');
  });

  it('serve prints the banner, and SIGTERM closes sockets and exits 0', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: env({ HOST: '127.0.0.1' }) });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await expect.poll(() => out, { timeout: 15_000 }).toMatch(/Local:\s+http:\/\/localhost:\d+/);
    expect(out).toMatch(/Database: SQLite .*messenger\.db/);
    expect(out).toMatch(/Intranet Messenger \d+\.\d+\.\d+/);
    const url = /Local:\s+(http:\/\/localhost:\d+)/.exec(out)![1]!;

    // A logged-in socket, to see it closed by the shutdown.
    const cfg = await fetch(`${url}/api/config`);
    const jar = cfg.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await cfg.json()) as { csrfToken: string };
    const reg = await fetch(`${url}/api/register`, {
      method: 'POST',
      headers: { cookie: jar, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'shutdown_user', password: 'password123' }),
    });
    const cookie = reg.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const socket = connect(url, {
      transports: ['websocket'],
      extraHeaders: { cookie },
      auth: { protocolVersion: PROTOCOL_VERSION },
      reconnection: false,
    });
    await new Promise<void>((resolve) => socket.once('server:hello', () => resolve()));
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await closed).toMatch(/transport close|io server disconnect/);
  });
});
