import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMINS_GROUP_DN,
  PEOPLE,
  SERVICE_DN,
  SERVICE_PASSWORD,
  skipWithoutSlapd,
  startSlapd,
  SUFFIX,
  type TestSlapd,
} from '../../test/slapd.ts';
import {
  DirectoryUnreachableError,
  escapeFilterValue,
  LdapDirectory,
  type LdapOptions,
} from './ldap-directory.ts';

const [alice, bob] = PEOPLE;

function options(url: string): LdapOptions {
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

describe.skipIf(skipWithoutSlapd)('AUTH-13: the company directory against a real slapd', () => {
  let slapd: TestSlapd;
  let dir: LdapDirectory;
  beforeAll(async () => {
    slapd = await startSlapd();
    dir = new LdapDirectory(options(slapd.url));
  });
  afterAll(() => slapd?.stop());

  it('a directory user with the right password is found with their name, department, mail and admin group', async () => {
    expect(await dir.authenticate('alice', alice.password)).toEqual({
      dn: `uid=alice,ou=people,${SUFFIX}`,
      username: 'alice',
      displayName: '김앨리스',
      email: 'alice@example.org',
      department: '개발팀',
      isAdmin: true,
    });
    expect(await dir.authenticate('bob', bob.password)).toMatchObject({
      displayName: 'Bob Lee',
      isAdmin: false,
    });
  });

  it('a wrong or empty password, or an unknown user, signs nobody in', async () => {
    expect(await dir.authenticate('alice', bob.password)).toBeNull();
    expect(await dir.authenticate('alice', '')).toBeNull(); // never an unauthenticated bind
    expect(await dir.authenticate('nobody', alice.password)).toBeNull();
  });

  it('filter characters in the username match nobody else (no LDAP injection)', async () => {
    for (const username of ['*', 'a*', 'alice)(uid=*', '*)(|(uid=*', 'alice\0', '\\2a', '(uid=alice)'])
      expect(await dir.authenticate(username, alice.password), JSON.stringify(username)).toBeNull();
    expect(escapeFilterValue('a*(b)\\\0')).toBe('a\\2a\\28b\\29\\5c\\00');
  });

  it('a wrong service account or a directory that is down is "unreachable", not a wrong password', async () => {
    const badService = new LdapDirectory({ ...options(slapd.url), bindPassword: 'wrong' });
    await expect(badService.authenticate('alice', alice.password)).rejects.toThrow(DirectoryUnreachableError);
    expect(await badService.ping()).toBe(false);
    expect(await dir.ping()).toBe(true);
    const down = new LdapDirectory(options('ldap://127.0.0.1:9'));
    await expect(down.authenticate('alice', alice.password)).rejects.toThrow(DirectoryUnreachableError);
  });
});
