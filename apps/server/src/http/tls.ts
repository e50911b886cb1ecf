import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CERT_WARN_DAYS } from '@messenger/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { AppConfig } from '../config.ts';
import type { Scheduler } from '../scheduler.ts';

/** What the server needs to serve TLS, read once at start (OPS-7). */
export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
  certFile: string;
  /** When the server certificate stops being valid. */
  notAfter: Date;
}

/** HTTPS was asked for but cannot be served: start-up stops with this message (never plain HTTP instead). */
export class TlsSetupError extends Error {}

const HOW_TO =
  'Make one with `npx messenger cert init` (a local CA for this network), or set TLS_CERT_FILE and ' +
  "TLS_KEY_FILE to your company CA's certificate and key, or set HTTPS=false.";

function read(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permissions)' : code;
    throw new TlsSetupError(`HTTPS=true, but the ${what} ${file} ${why}. ${HOW_TO}`);
  }
}

/** The certificate and key to serve, or null when HTTPS is off. Throws TlsSetupError when they are unusable. */
export function loadTls(config: AppConfig): TlsFiles | null {
  if (!config.https) return null;
  const certFile = path.resolve(config.tlsCertFile ?? path.join(config.dataDir, 'tls/server.crt'));
  const keyFile = path.resolve(config.tlsKeyFile ?? path.join(config.dataDir, 'tls/server.key'));
  const cert = read(certFile, 'certificate');
  const key = read(keyFile, 'private key');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new TlsSetupError(`HTTPS=true, but ${certFile} is not a PEM certificate. ${HOW_TO}`);
  }
  let matches: boolean;
  try {
    matches = x509.checkPrivateKey(createPrivateKey(key));
  } catch {
    throw new TlsSetupError(`HTTPS=true, but ${keyFile} is not a PEM private key. ${HOW_TO}`);
  }
  if (!matches)
    throw new TlsSetupError(`HTTPS=true, but ${keyFile} is not the key of ${certFile}. ${HOW_TO}`);
  return { cert, key, certFile, notAfter: new Date(x509.validTo) };
}

/** Days until `notAfter`, rounded down (negative once expired). */
export function daysLeft(notAfter: Date, now: number): number {
  return Math.floor((notAfter.getTime() - now) / (24 * 60 * 60 * 1000));
}

/** Warns in the log now, and daily through the scheduler, while the certificate ends within 30 days. */
export async function watchCertificate(
  tls: TlsFiles,
  d: { scheduler: Scheduler; log: FastifyBaseLogger; now: () => number },
): Promise<void> {
  const check = async () => {
    const days = daysLeft(tls.notAfter, d.now());
    if (days >= CERT_WARN_DAYS) return;
    d.log.warn(
      { certFile: tls.certFile, notAfter: tls.notAfter.toISOString(), daysLeft: days },
      days < 0
        ? 'the TLS certificate has expired: renew it (npx messenger cert init) and restart'
        : `the TLS certificate expires in ${days} days: renew it (npx messenger cert init) and restart`,
    );
  };
  await check();
  d.scheduler.add({ name: 'certificate expiry', everyMs: 24 * 60 * 60 * 1000, run: check });
}
