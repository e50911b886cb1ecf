import 'reflect-metadata';
import { createHash, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import path from 'node:path';
import * as x509 from '@peculiar/x509';

/**
 * A local certificate authority for a closed network (OPS-3): `messenger cert init` makes a CA once and a
 * server certificate for this machine's names and LAN addresses, signed by it. People trust the CA once on
 * each device; renewing the server certificate (running the command again) keeps the CA, so nobody has to
 * trust anything again. The X.509 work is @peculiar/x509's; Node's X509Certificate reads certificates back.
 */

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

/** ECDSA P-256 with SHA-256: accepted by every current browser and phone, small and fast to handshake. */
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The CA lasts long: trusting it again on every device is the expensive part. */
const CA_DAYS = 3650;
/** Under Apple's 825-day limit for certificates of a CA that a user installed; renewal is one command. */
const SERVER_DAYS = 397;

export interface TlsPaths {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
}

export function tlsPaths(dataDir: string): TlsPaths {
  const dir = path.join(dataDir, 'tls');
  return {
    dir,
    caCert: path.join(dir, 'ca.crt'),
    caKey: path.join(dir, 'ca.key'),
    serverCert: path.join(dir, 'server.crt'),
    serverKey: path.join(dir, 'server.key'),
  };
}

export interface CertInitResult {
  paths: TlsPaths;
  /** False when an existing CA was kept. */
  caCreated: boolean;
  /** SHA-256 of the CA certificate, as devices show it (AA:BB:...). */
  caFingerprint: string;
  /** DNS names and IP addresses the server certificate is valid for. */
  names: { dns: string[]; ip: string[] };
  serverNotAfter: Date;
}

/** This machine's IPv4 and IPv6 addresses that others on the LAN can reach, and loopback. */
export function machineAddresses(): string[] {
  const found = Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && !i.internal && !(i.family === 'IPv6' && i.scopeid))
    .map((i) => i!.address);
  return ['127.0.0.1', '::1', ...found];
}

/** Splits names into DNS names and IP addresses, lower-cased and without duplicates. */
export function sortNames(names: string[]): { dns: string[]; ip: string[] } {
  const dns = new Set<string>();
  const ip = new Set<string>();
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    if (!name) continue;
    if (/^[0-9.]+$/.test(name) || name.includes(':')) ip.add(name);
    else if (/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(name))
      dns.add(name);
    else throw new Error(`"${raw}" is not a host name or an IP address`);
  }
  return { dns: [...dns], ip: [...ip] };
}

function serial(): string {
  const bytes = randomBytes(16);
  bytes[0]! &= 0x7f; // a positive INTEGER
  return bytes.toString('hex');
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;
}

function fromPem(text: string): Buffer {
  return Buffer.from(text.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** SHA-256 fingerprint of a certificate in PEM, colon-separated upper-case hex. */
export function fingerprint(certPem: string): string {
  const hex = createHash('sha256').update(fromPem(certPem)).digest('hex').toUpperCase();
  return hex.match(/../g)!.join(':');
}

/** Writes a file readable by its owner only, atomically (a half-written key never replaces a good one). */
async function writePrivate(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}

async function writePublic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o644 });
  await rename(tmp, file);
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

interface Ca {
  cert: x509.X509Certificate;
  key: CryptoKey;
}

async function loadCa(paths: TlsPaths): Promise<Ca | null> {
  const [certPem, keyPem] = await Promise.all([readIfExists(paths.caCert), readIfExists(paths.caKey)]);
  if (certPem === null && keyPem === null) return null;
  if (certPem === null || keyPem === null) {
    throw new Error(
      `${certPem === null ? paths.caCert : paths.caKey} is missing but its pair exists; ` +
        `restore it from a backup, or move both away to make a new CA (every device must then trust the new one)`,
    );
  }
  const key = await webcrypto.subtle.importKey('pkcs8', fromPem(keyPem), ALG, false, ['sign']);
  return { cert: new x509.X509Certificate(certPem), key: key as CryptoKey };
}

async function createCa(paths: TlsPaths, host: string, now: Date): Promise<Ca> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=Intranet Messenger local CA (${host}), O=Intranet Messenger`,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + CA_DAYS * DAY_MS),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const keyDer = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  await writePrivate(paths.caKey, pem('PRIVATE KEY', keyDer));
  await writePublic(paths.caCert, cert.toString('pem') + '\n');
  return { cert, key: keys.privateKey };
}

/**
 * Makes `DATA_DIR/tls/`: the CA (kept when it exists) and a new server certificate for this machine's host
 * name, its addresses and `extraNames`. Keys are written readable by the owner only.
 */
export async function initCertificates(opts: {
  dataDir: string;
  extraNames?: string[];
  now?: Date;
  /** Tests pass fixed names and addresses instead of this machine's. */
  machineNames?: string[];
}): Promise<CertInitResult> {
  const paths = tlsPaths(opts.dataDir);
  const now = opts.now ?? new Date();
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  const host = hostname();
  const names = sortNames([
    ...(opts.machineNames ?? [host, 'localhost', ...machineAddresses()]),
    ...(opts.extraNames ?? []),
  ]);

  const existing = await loadCa(paths);
  const ca = existing ?? (await createCa(paths, host, now));

  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const serverNotAfter = new Date(now.getTime() + SERVER_DAYS * DAY_MS);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${names.dns[0] ?? names.ip[0] ?? host}`,
    issuer: ca.cert.subject,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: serverNotAfter,
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: ca.key,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension([
        ...names.dns.map((value) => ({ type: 'dns' as const, value })),
        ...names.ip.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert.publicKey),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const keyDer = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  // The key first: a server certificate is never on disk beside a key that does not match it for long.
  await writePrivate(paths.serverKey, pem('PRIVATE KEY', keyDer));
  // The chain (server, then CA) lets clients that were given only the CA verify without fetching anything.
  await writePublic(paths.serverCert, cert.toString('pem') + '\n' + ca.cert.toString('pem') + '\n');

  return {
    paths,
    caCreated: existing === null,
    caFingerprint: fingerprint(ca.cert.toString('pem')),
    names,
    serverNotAfter,
  };
}

/** When a certificate file (PEM, the first certificate in it) stops being valid. */
export async function certificateExpiry(file: string): Promise<Date> {
  const cert = new X509Certificate(await readFile(file));
  return new Date(cert.validTo);
}

/** How to make devices trust the CA, printed by `messenger cert init`. */
export function trustInstructions(caCert: string, caFingerprint: string): string {
  return `
How to trust this CA (once per device; check the fingerprint above when asked):
  Windows   double-click ca.crt > Install Certificate > Local Machine > "Trusted Root Certification
            Authorities", or as administrator:  certutil -addstore -f Root ca.crt
            (for many PCs: Group Policy > Public Key Policies > Trusted Root Certification Authorities)
  macOS     sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ca.crt
  Linux     sudo cp ca.crt /usr/local/share/ca-certificates/messenger-ca.crt && sudo update-ca-certificates
            Chrome/Chromium also read their own store:
            certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n "Intranet Messenger CA" -i ca.crt
            Firefox: Settings > Privacy & Security > Certificates > View Certificates > Authorities > Import
  Android   copy ca.crt to the phone; Settings > Security > Encryption & credentials > Install a certificate
            > CA certificate
  iOS       send ca.crt to the phone (mail or AirDrop) and open it;
            Settings > General > VPN & Device Management > install the profile, then Settings > General >
            About > Certificate Trust Settings > turn on full trust for it

CA certificate: ${caCert}
Fingerprint (SHA-256): ${caFingerprint}
Keep ca.key secret: whoever has it can impersonate any server to the devices that trust the CA.
`;
}
