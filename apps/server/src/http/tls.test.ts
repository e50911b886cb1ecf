import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROTOCOL_VERSION } from '@messenger/shared';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../app.ts';
import { initCertificates } from '../ops/local-ca.ts';
import { testConfig } from '../test/harness.ts';
import { TlsSetupError } from './tls.ts';

const apps: BuiltApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTPS request that trusts only `ca`. */
function get(
  url: string,
  ca: Buffer | undefined,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const cookiesOf = (a: Answer) => ((a.headers['set-cookie'] ?? []) as string[]).map((c) => c.split(';')[0]);

async function httpsApp(
  env: Record<string, string> = {},
  build = {},
): Promise<{ app: BuiltApp; url: string }> {
  const config = testConfig({ HTTPS: 'true', ...env });
  const app = await buildApp(config, { logger: false, ...build });
  apps.push(app);
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `https://localhost:${(app.http.server.address() as AddressInfo).port}` };
}

describe('OPS-7: HTTPS with the local CA', () => {
  it('a client that trusts only the CA signs up over HTTPS and opens a socket; cookies are Secure, HSTS is sent', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mx-tls-'));
    const { paths } = await initCertificates({ dataDir, machineNames: ['localhost', '127.0.0.1'] });
    const ca = await readFile(paths.caCert);
    const { url } = await httpsApp({ DATA_DIR: dataDir });

    const cfg = await get(`${url}/api/config`, ca);
    expect(cfg.status).toBe(200);
    expect(JSON.parse(cfg.body)).toMatchObject({ secure: true });
    expect(cfg.headers['strict-transport-security']).toContain('max-age=');
    const reg = await get(`${url}/api/register`, ca, {
      method: 'POST',
      headers: {
        cookie: cookiesOf(cfg).join('; '),
        'x-csrf-token': JSON.parse(cfg.body).csrfToken,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ username: 'tls_user', password: 'password123' }),
    });
    expect(reg.status).toBe(200);
    for (const c of reg.headers['set-cookie'] as string[]) expect(c).toMatch(/;\s*Secure/i);

    const socket = connect(url, {
      transports: ['websocket'],
      ca: ca.toString(),
      extraHeaders: { cookie: cookiesOf(reg).join('; ') },
      auth: { protocolVersion: PROTOCOL_VERSION },
      reconnection: false,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('server:hello', () => resolve());
        socket.once('connect_error', reject);
      });
    } finally {
      socket.close();
    }

    // Without the CA, the same server is refused: nothing falls back to trusting it.
    await expect(get(`${url}/healthz`, undefined)).rejects.toThrow(/self.signed|unable to (get|verify)/i);
  });

  it('an operator certificate (TLS_CERT_FILE, TLS_KEY_FILE) is served instead of DATA_DIR/tls', async () => {
    const company = mkdtempSync(path.join(tmpdir(), 'mx-company-'));
    const { paths } = await initCertificates({ dataDir: company, machineNames: ['localhost'] });
    const { app, url } = await httpsApp({ TLS_CERT_FILE: paths.serverCert, TLS_KEY_FILE: paths.serverKey });
    expect(app.tls?.certFile).toBe(paths.serverCert);
    expect((await get(`${url}/healthz`, await readFile(paths.caCert))).status).toBe(200);
  });

  it('HTTPS=true without a usable certificate stops start-up, saying which file and how to make it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mx-nocert-'));
    const missing = buildApp(testConfig({ HTTPS: 'true', DATA_DIR: dataDir }), { logger: false });
    await expect(missing).rejects.toThrow(TlsSetupError);
    await expect(missing).rejects.toThrow(
      new RegExp(
        `${path.join(dataDir, 'tls/server.crt').replace(/[/.]/g, '\\$&')} does not exist.*messenger cert init`,
      ),
    );
    // A key that is not the certificate's is refused too.
    const a = mkdtempSync(path.join(tmpdir(), 'mx-a-'));
    const b = mkdtempSync(path.join(tmpdir(), 'mx-b-'));
    const ca = await initCertificates({ dataDir: a, machineNames: ['localhost'] });
    const other = await initCertificates({ dataDir: b, machineNames: ['localhost'] });
    await expect(
      buildApp(
        testConfig({
          HTTPS: 'true',
          TLS_CERT_FILE: ca.paths.serverCert,
          TLS_KEY_FILE: other.paths.serverKey,
        }),
        { logger: false },
      ),
    ).rejects.toThrow(/is not the key of/);
  });

  it('a certificate that ends within 30 days is warned about in the log', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mx-old-'));
    // Made 380 days ago, valid 397: 17 days left.
    await initCertificates({
      dataDir,
      machineNames: ['localhost'],
      now: new Date(Date.now() - 380 * 24 * 60 * 60 * 1000),
    });
    const lines: string[] = [];
    await httpsApp(
      { DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      { logger: undefined, logStream: { write: (l: string) => void lines.push(l) } },
    );
    expect(lines.join('\n')).toMatch(/the TLS certificate expires in 1[67] days/);
  });
});
