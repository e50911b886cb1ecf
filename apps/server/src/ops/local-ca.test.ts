import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { certificateExpiry, fingerprint, initCertificates, sortNames } from './local-ca.ts';

const dirs: string[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) s.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'messenger-tls-'));
  dirs.push(d);
  return d;
}

async function serve(dir: string): Promise<number> {
  const server = createServer(
    {
      cert: await readFile(path.join(dir, 'tls/server.crt')),
      key: await readFile(path.join(dir, 'tls/server.key')),
    },
    (_req, res) => res.end('ok'),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A request that trusts only `ca` (not the system's CAs), naming the server `servername`. */
function get(port: number, ca: Buffer | undefined, servername: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/', ca, servername, headers: { host: servername } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('OPS-3: messenger cert init makes a local CA and a server certificate', () => {
  it('a client that trusts only the CA connects by host name and by address; others are refused', async () => {
    const dir = await dataDir();
    const result = await initCertificates({
      dataDir: dir,
      machineNames: ['chat-server', 'localhost', '127.0.0.1', '192.168.10.5'],
      extraNames: ['messenger.corp.local'],
    });
    expect(result.caCreated).toBe(true);
    expect(result.names.dns).toEqual(['chat-server', 'localhost', 'messenger.corp.local']);
    expect(result.names.ip).toEqual(['127.0.0.1', '192.168.10.5']);

    const ca = await readFile(result.paths.caCert);
    const port = await serve(dir);
    expect(await get(port, ca, 'messenger.corp.local')).toBe('ok');
    expect(await get(port, ca, 'localhost')).toBe('ok');
    // A name the certificate was not made for, and a client that does not trust the CA, are refused.
    await expect(get(port, ca, 'elsewhere.corp.local')).rejects.toThrow(/altnames|does not match/i);
    await expect(get(port, undefined, 'localhost')).rejects.toThrow(/self.signed|unable to (get|verify)/i);

    const server = new X509Certificate(await readFile(result.paths.serverCert));
    expect(server.subjectAltName).toContain('IP Address:192.168.10.5');
    expect(server.checkIssued(new X509Certificate(ca))).toBe(true);
    expect(server.ca).toBe(false);
    expect(new X509Certificate(ca).ca).toBe(true);
    expect(fingerprint(ca.toString())).toBe(new X509Certificate(ca).fingerprint256);
  });

  it('keys are readable by the owner only', async () => {
    const dir = await dataDir();
    const { paths } = await initCertificates({ dataDir: dir, machineNames: ['localhost'] });
    expect((await stat(paths.caKey)).mode & 0o777).toBe(0o600);
    expect((await stat(paths.serverKey)).mode & 0o777).toBe(0o600);
    expect((await stat(paths.dir)).mode & 0o077).toBe(0);
  });

  it('running it again keeps the CA and renews the server certificate', async () => {
    const dir = await dataDir();
    const first = await initCertificates({
      dataDir: dir,
      machineNames: ['localhost'],
      now: new Date('2026-01-01T00:00:00Z'),
    });
    const firstServer = new X509Certificate(await readFile(first.paths.serverCert));
    const firstExpiry = await certificateExpiry(first.paths.serverCert);
    const second = await initCertificates({ dataDir: dir, machineNames: ['localhost', 'chat.local'] });
    expect(second.caCreated).toBe(false);
    expect(second.caFingerprint).toBe(first.caFingerprint);
    const secondServer = new X509Certificate(await readFile(second.paths.serverCert));
    expect(secondServer.serialNumber).not.toBe(firstServer.serialNumber);
    expect(secondServer.subjectAltName).toContain('DNS:chat.local');
    expect((await certificateExpiry(second.paths.serverCert)).getTime()).toBeGreaterThan(
      firstExpiry.getTime(),
    );
    // The renewed certificate still works for a client that trusted the CA the first time.
    const port = await serve(dir);
    expect(await get(port, await readFile(first.paths.caCert), 'chat.local')).toBe('ok');
  });

  it('a CA whose key is gone is not silently replaced', async () => {
    const dir = await dataDir();
    const { paths } = await initCertificates({ dataDir: dir, machineNames: ['localhost'] });
    await rm(paths.caKey);
    await expect(initCertificates({ dataDir: dir, machineNames: ['localhost'] })).rejects.toThrow(
      /ca\.key is missing/,
    );
  });

  it('names are checked', () => {
    expect(sortNames(['Chat.Local', '10.0.0.1', 'fe80::1', 'chat.local'])).toEqual({
      dns: ['chat.local'],
      ip: ['10.0.0.1', 'fe80::1'],
    });
    expect(() => sortNames(['bad name'])).toThrow(/not a host name/);
  });
});
