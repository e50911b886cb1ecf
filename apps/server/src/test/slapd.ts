import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stopProcess } from './processes.ts';
import { Client } from 'ldapts';

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

export interface TestSlapd {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** A real slapd (Debian's) on a loopback port with its own database in a temporary folder, seeded with PEOPLE. */
export async function startSlapd(): Promise<TestSlapd> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mx-slapd-'));
  mkdirSync(path.join(dir, 'db'));
  const conf = path.join(dir, 'slapd.conf');
  writeFileSync(
    conf,
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      `pidfile ${path.join(dir, 'slapd.pid')}`,
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
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  // -d 0: stay in the foreground (so the test owns the process) without debug output.
  const child: ChildProcess = spawn(SLAPD, ['-f', conf, '-h', `${url}/`, '-d', '0'], { stdio: 'ignore' });
  const admin = new Client({ url, connectTimeout: 1000 });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`slapd exited with ${child.exitCode}`);
    try {
      await admin.bind(ADMIN_DN, ADMIN_PASSWORD);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error('slapd did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
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
  return {
    url,
    stop: () => stopProcess(child, dir),
  };
}
