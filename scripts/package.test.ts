import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import * as tar from 'tar';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

/** Cookies a response sets, as a Cookie header. */
const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

describe('OPS-5: the release package', () => {
  it('extracted into an empty folder, ./messenger starts with no registry and serves the app', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'mx-package-'));
    const built = await run(process.execPath, [path.join(root, 'scripts/package.ts'), '--out', out], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    });
    const { version } = (await import(path.join(root, 'package.json'), { with: { type: 'json' } })).default;
    const archive = path.join(out, `messenger-${version}-${process.platform}-${process.arch}.tar.gz`);
    expect(built.stdout).toContain(archive);
    expect((await stat(archive)).size).toBeGreaterThan(1024 * 1024);

    const empty = mkdtempSync(path.join(tmpdir(), 'mx-unpacked-'));
    await tar.extract({ file: archive, cwd: empty });
    const home = path.join(empty, `messenger-${version}-${process.platform}-${process.arch}`);
    expect((await stat(path.join(home, 'messenger'))).mode & 0o111).not.toBe(0);

    // Only Node on PATH; npm's registry and any proxy point at a closed port: nothing can be fetched.
    const child = spawn(path.join(home, 'messenger'), ['serve'], {
      cwd: home,
      env: {
        PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`,
        HOME: empty,
        DATA_DIR: path.join(empty, 'data'),
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        npm_config_registry: 'http://127.0.0.1:9/',
        HTTP_PROXY: 'http://127.0.0.1:9',
        HTTPS_PROXY: 'http://127.0.0.1:9',
      },
    });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          output += c.toString();
          const m = /Local:\s+(http:\/\/localhost:\d+)/.exec(output);
          if (m) resolve(m[1]!);
        });
        child.stderr.on('data', (c: Buffer) => (output += c.toString()));
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
      });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const page = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
      expect(await page.text()).toContain('<div id="root">');

      // Sign-up (argon2) and an image upload with its thumbnail (sharp): the native modules load.
      const cfg = await fetch(`${url}/api/config`);
      const { csrfToken } = (await cfg.json()) as { csrfToken: string };
      const reg = await fetch(`${url}/api/register`, {
        method: 'POST',
        headers: { cookie: cookiesOf(cfg), 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'package_user', password: 'password123' }),
      });
      expect(reg.status).toBe(200);
      // Signing in issues a new session cookie and CSRF token, as the web client takes them.
      const jar = new Map(
        `${cookiesOf(cfg)}; ${cookiesOf(reg)}`.split('; ').map((c) => c.split('=') as [string, string]),
      );
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const headers = { cookie, 'x-csrf-token': ((await reg.json()) as { csrfToken: string }).csrfToken };
      const room = await fetch(`${url}/api/rooms`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'group', name: '배포 확인' }),
      });
      expect(room.status).toBe(200);
      const roomId = ((await room.json()) as { room: { id: string } }).room.id;
      const png = await sharp({
        create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } },
      })
        .png()
        .toBuffer();
      const form = new FormData();
      form.append('room_id', roomId);
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'red.png');
      const up = await fetch(`${url}/api/upload`, { method: 'POST', headers, body: form });
      expect(up.status).toBe(200);
      const { file } = (await up.json()) as { file: { kind: string; thumbUrl: string | null } };
      expect(file.kind).toBe('image');
      expect(file.thumbUrl).not.toBeNull();
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }, 180_000);
});
