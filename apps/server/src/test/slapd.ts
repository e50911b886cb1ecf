import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'ldapts';
import type { LdapOptions } from '../modules/auth/ldap-directory.ts';
import { initCertificates } from '../ops/local-ca.ts';
import { stopProcess } from './processes.ts';

const SLAPD = '/usr/sbin/slapd';

/** Whether Debian's slapd is installed (CI installs it and sets REQUIRE_SLAPD=1, so there it never skips). */
export function slapdAvailable(): boolean {
  return spawnSync(SLAPD, ['-VV']).status === 0;
}
export const skipWithoutSlapd = !slapdAvailable() && process.env.REQUIRE_SLAPD !== '1';

export const SUFFIX = 'dc=example,dc=org';
export const ADMIN_DN = `cn=admin,${SUFFIX}`;
export const ADMIN_PASSWORD = 'adminpw';
export const SERVICE_DN = `cn=messenger,ou=services,${SUFFIX}`;
export const SERVICE_PASSWORD = 'servicepw';
export const ADMINS_GROUP_DN = `cn=messenger-admins,ou=groups,${SUFFIX}`;

/** People in the test directory: uid, password, display name, department, mail; alice is in the admins group. */
export const PEOPLE = [
  {
    uid: 'alice',
    password: 'alice-pw-1',
    displayName: '김앨리스',
    department: '개발팀',
    mail: 'alice@example.org',
  },
  {
    uid: 'bob',
    password: 'bob-pw-22',
    displayName: 'Bob Lee',
    department: '영업팀',
    mail: 'bob@example.org',
  },
  {
    uid: 'carol',
    password: 'carol-pw-3',
    displayName: '최캐롤',
    department: '인사팀',
    mail: 'carol@example.org',
  },
] as const;

/** LdapDirectory options for the test directory at `url` (the service account, people, the admin group). */
export function directoryOptions(url: string): LdapOptions {
  return {
    url,
    bindDn: SERVICE_DN,
    bindPassword: SERVICE_PASSWORD,
    baseDn: `ou=people,${SUFFIX}`,
    userFilter: '(&(objectClass=inetOrgPerson)(uid={username}))',
    adminGroupDn: ADMINS_GROUP_DN,
    attributes: {
      username: 'uid',
      displayName: 'displayName',
      email: 'mail',
      department: 'departmentNumber',
    },
    timeoutMs: 2000,
  };
}

/** The server's environment for signing in with the test directory at `url` (add LDAP_STARTTLS, LDAP_CA_FILE). */
export function directoryEnv(url: string): Record<string, string> {
  return {
    LDAP_URL: url,
    LDAP_BIND_DN: SERVICE_DN,
    LDAP_BIND_PASSWORD: SERVICE_PASSWORD,
    LDAP_BASE_DN: `ou=people,${SUFFIX}`,
    LDAP_ADMIN_GROUP_DN: ADMINS_GROUP_DN,
  };
}

export interface TestSlapd {
  /** `ldap://127.0.0.1:<port>`: plain, or upgraded with StartTLS when started with `tls`. */
  url: string;
  stop(): Promise<void>;
}

/** A slapd started with `tls`: StartTLS on `url`, TLS from the start on `ldapsUrl`. */
export interface TestTlsSlapd extends TestSlapd {
  ldapsUrl: string;
  /** The test CA (PEM) that signed the server certificate: what LDAP_CA_FILE names. */
  caFile: string;
}

export interface SlapdTlsOptions {
  /** Names and addresses the server certificate is for (default: 127.0.0.1 and localhost). */
  names?: string[];
}

/** Loopback ports free right now, all held open together so that no two are the same. */
async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/**
 * slapd.conf lines for TLS: a test CA and a server certificate made by the local-CA module (ECDSA P-256, the
 * key in PKCS#8 PEM, which Debian's GnuTLS-built slapd reads), and every operation but StartTLS itself
 * refused until the connection is TLS, so a client that binds before upgrading fails instead of passing.
 */
async function tlsConfig(
  dir: string,
  tls: SlapdTlsOptions,
): Promise<{ lines: string[]; caFile: string; name: string }> {
  const names = tls.names ?? ['127.0.0.1', 'localhost'];
  const { paths } = await initCertificates({ dataDir: dir, machineNames: names });
  return {
    caFile: paths.caCert,
    name: names[0]!,
    lines: [
      `TLSCACertificateFile ${paths.caCert}`,
      `TLSCertificateFile ${paths.serverCert}`,
      `TLSCertificateKeyFile ${paths.serverKey}`,
      'security tls=1',
    ],
  };
}

/** A real slapd (Debian's) on a loopback port with its own database in a temporary folder, seeded with PEOPLE. */
export async function startSlapd(): Promise<TestSlapd>;
/** The same, with TLS: StartTLS on `url`, `ldapsUrl` on a second port, certificates from a test CA. */
export async function startSlapd(opts: { tls: SlapdTlsOptions }): Promise<TestTlsSlapd>;
export async function startSlapd(opts: { tls?: SlapdTlsOptions } = {}): Promise<TestSlapd | TestTlsSlapd> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mx-slapd-'));
  mkdirSync(path.join(dir, 'db'));
  const tls = opts.tls ? await tlsConfig(dir, opts.tls) : null;
  const conf = path.join(dir, 'slapd.conf');
  writeFileSync(
    conf,
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      `pidfile ${path.join(dir, 'slapd.pid')}`,
      ...(tls?.lines ?? []),
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'database mdb',
      'maxsize 10485760',
      `suffix "${SUFFIX}"`,
      `rootdn "${ADMIN_DN}"`,
      `rootpw ${ADMIN_PASSWORD}`,
      `directory ${path.join(dir, 'db')}`,
      // Users may bind and read; only the admin writes.
      'access to attrs=userPassword by anonymous auth by * none',
      'access to * by users read by * none',
    ].join('\n') + '\n',
  );
  const [port, ldapsPort] = await freePorts(tls ? 2 : 1);
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = `ldaps://127.0.0.1:${ldapsPort}`;
  const listen = tls ? `${url}/ ${ldapsUrl}/` : `${url}/`;
  // -d 0: stay in the foreground (so the test owns the process) without debug output.
  const child: ChildProcess = spawn(SLAPD, ['-f', conf, '-h', listen, '-d', '0'], { stdio: 'ignore' });
  const admin = await bindAdmin(child, url, tls);
  await admin.add(SUFFIX, { objectClass: ['dcObject', 'organization'], dc: 'example', o: 'Example' });
  for (const ou of ['people', 'groups', 'services'])
    await admin.add(`ou=${ou},${SUFFIX}`, { objectClass: 'organizationalUnit', ou });
  await admin.add(SERVICE_DN, {
    objectClass: ['organizationalRole', 'simpleSecurityObject'],
    cn: 'messenger',
    userPassword: SERVICE_PASSWORD,
  });
  for (const p of PEOPLE)
    await admin.add(`uid=${p.uid},ou=people,${SUFFIX}`, {
      objectClass: 'inetOrgPerson',
      uid: p.uid,
      cn: p.displayName,
      sn: p.uid,
      displayName: p.displayName,
      departmentNumber: p.department,
      mail: p.mail,
      userPassword: p.password,
    });
  await admin.add(ADMINS_GROUP_DN, {
    objectClass: 'groupOfNames',
    cn: 'messenger-admins',
    member: `uid=alice,ou=people,${SUFFIX}`,
  });
  await admin.unbind();
  const stop = (): Promise<void> => stopProcess(child, dir);
  return tls ? { url, ldapsUrl, caFile: tls.caFile, stop } : { url, stop };
}

/**
 * The directory's admin, bound as soon as slapd answers; with TLS, over StartTLS that checks the certificate
 * against its CA and its first name (which a test may have made another host's).
 */
async function bindAdmin(
  child: ChildProcess,
  url: string,
  tls: { caFile: string; name: string } | null,
): Promise<Client> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`slapd exited with ${child.exitCode}`);
    const admin = new Client({ url, connectTimeout: 1000 });
    try {
      if (tls) await admin.startTLS({ ca: readFileSync(tls.caFile), host: tls.name });
      await admin.bind(ADMIN_DN, ADMIN_PASSWORD);
      return admin;
    } catch {
      await admin.unbind().catch(() => {});
      if (Date.now() > deadline) throw new Error('slapd did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
