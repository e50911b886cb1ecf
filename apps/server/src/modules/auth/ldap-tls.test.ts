import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import {
  directoryEnv,
  directoryOptions,
  PEOPLE,
  SERVICE_PASSWORD,
  skipWithoutSlapd,
  startSlapd,
  type TestTlsSlapd,
} from '../../test/slapd.ts';
import { DirectoryUnreachableError, LdapDirectory, type LdapOptions } from './ldap-directory.ts';

const [alice] = PEOPLE;

/** What `authenticate` threw: a DirectoryUnreachableError, whose cause says why (checked by the caller). */
async function unreachable(dir: LdapDirectory, password: string = alice.password): Promise<Error> {
  const err = await dir.authenticate('alice', password).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DirectoryUnreachableError);
  return (err as Error).cause as Error;
}

// The test slapd refuses every operation but StartTLS itself on a connection that is not TLS (`security tls=1`),
// so a sign-in that works here has bound over TLS: with StartTLS, only after the upgrade.
describe.skipIf(skipWithoutSlapd)('AUTH-13: the company directory over TLS against a real slapd', () => {
  let slapd: TestTlsSlapd;
  /** Same kind of test CA, but a certificate for another host name than the 127.0.0.1 clients connect to. */
  let elsewhere: TestTlsSlapd;
  beforeAll(async () => {
    [slapd, elsewhere] = await Promise.all([
      startSlapd({ tls: {} }),
      startSlapd({ tls: { names: ['ldap.elsewhere.example'] } }),
    ]);
  });
  afterAll(async () => {
    await slapd?.stop();
    await elsewhere?.stop();
  });

  const startTls = (s: TestTlsSlapd, more: Partial<LdapOptions> = {}) =>
    new LdapDirectory({ ...directoryOptions(s.url), startTls: true, caFile: s.caFile, ...more });
  const ldaps = (s: TestTlsSlapd, more: Partial<LdapOptions> = {}) =>
    new LdapDirectory({ ...directoryOptions(s.ldapsUrl), caFile: s.caFile, ...more });

  it('StartTLS with LDAP_CA_FILE: the directory is trusted and alice signs in; a wrong password is still wrong', async () => {
    const dir = startTls(slapd);
    expect(await dir.authenticate('alice', alice.password)).toMatchObject({
      username: 'alice',
      displayName: '김앨리스',
      isAdmin: true,
    });
    expect(await dir.authenticate('alice', 'not-her-password')).toBeNull();
    expect(await dir.ping()).toBe(true);
  });

  it('ldaps:// with LDAP_CA_FILE: alice signs in, by an address or a host name the certificate names', async () => {
    const dir = ldaps(slapd);
    expect(await dir.authenticate('alice', alice.password)).toMatchObject({
      username: 'alice',
      isAdmin: true,
    });
    expect(await dir.authenticate('alice', 'not-her-password')).toBeNull();
    expect(await dir.ping()).toBe(true);
    // A host name is checked (and sent as SNI) as such: the certificate names localhost too.
    const named = { url: slapd.ldapsUrl.replace('127.0.0.1', 'localhost') };
    expect(await ldaps(slapd, named).authenticate('alice', alice.password)).toMatchObject({
      username: 'alice',
    });
    expect(await startTls(slapd, { url: slapd.url.replace('127.0.0.1', 'localhost') }).ping()).toBe(true);
  });

  it('the same directory without TLS refuses the service account: "unreachable", not a wrong password', async () => {
    const cause = await unreachable(new LdapDirectory(directoryOptions(slapd.url)));
    expect(cause.message).toMatch(/confidentiality required/i);
  });

  it('without LDAP_CA_FILE the certificate is not trusted: "unreachable" (StartTLS and ldaps://), never a wrong password', async () => {
    for (const dir of [startTls(slapd, { caFile: undefined }), ldaps(slapd, { caFile: undefined })]) {
      // Whatever the password: the connection fails before any bind.
      for (const password of [alice.password, 'not-her-password']) {
        const cause = await unreachable(dir, password);
        expect((cause as NodeJS.ErrnoException).code).toBe('SELF_SIGNED_CERT_IN_CHAIN');
      }
      expect(await dir.ping()).toBe(false);
    }
  });

  it('a certificate for another host name is refused, even from a trusted CA (StartTLS and ldaps://)', async () => {
    for (const dir of [startTls(elsewhere), ldaps(elsewhere)]) {
      const cause = await unreachable(dir);
      expect((cause as NodeJS.ErrnoException).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
      expect(await dir.ping()).toBe(false);
    }
  });
});

describe.skipIf(skipWithoutSlapd)('AUTH-13: signing in over TLS with POST /api/login', () => {
  let slapd: TestTlsSlapd;
  const apps: TestApp[] = [];
  beforeAll(async () => {
    slapd = await startSlapd({ tls: {} });
  });
  afterAll(async () => {
    for (const t of apps) await t.close();
    await slapd?.stop();
  });

  /** An app signing in with the directory, its log lines kept. */
  async function app(env: Record<string, string>): Promise<{ t: TestApp; lines: string[] }> {
    const lines: string[] = [];
    const t = await startTestApp({
      env: { LOG_LEVEL: 'trace', ...env },
      build: { logger: undefined, logStream: { write: (line: string) => void lines.push(line) } },
    });
    apps.push(t);
    return { t, lines };
  }

  it('with LDAP_CA_FILE, over StartTLS and over ldaps://, alice signs in with the login form', async () => {
    const envs: Record<string, string>[] = [
      { ...directoryEnv(slapd.url), LDAP_STARTTLS: 'true', LDAP_CA_FILE: slapd.caFile },
      { ...directoryEnv(slapd.ldapsUrl), LDAP_CA_FILE: slapd.caFile },
    ];
    for (const env of envs) {
      const { t } = await app(env);
      const res = await t.client().login('alice', alice.password);
      expect(res.statusCode, env.LDAP_URL).toBe(200);
      expect(res.json().user).toMatchObject({ username: 'alice', nickname: '김앨리스', isAdmin: true });
      expect((await t.http.inject('/readyz')).json()).toMatchObject({ directory: 'ok' });
    }
  });

  it('an untrusted certificate gives 503 auth.directory_unreachable (not a wrong password, not a 500); the log says why and holds no password', async () => {
    const envs: Record<string, string>[] = [
      { ...directoryEnv(slapd.url), LDAP_STARTTLS: 'true' },
      directoryEnv(slapd.ldapsUrl),
    ];
    for (const env of envs) {
      const { t, lines } = await app(env);
      for (const password of [alice.password, 'not-her-password']) {
        const res = await t.client().login('alice', password);
        expect(res.statusCode, env.LDAP_URL).toBe(503);
        expect(res.json().code).toBe('auth.directory_unreachable');
      }
      expect((await t.http.inject('/readyz')).json()).toMatchObject({ directory: 'unreachable' });
      const log = lines.join('');
      expect(log).toContain('self-signed certificate in certificate chain');
      for (const secret of [SERVICE_PASSWORD, alice.password, 'not-her-password'])
        expect(log, env.LDAP_URL).not.toContain(secret);
    }
  });
});
