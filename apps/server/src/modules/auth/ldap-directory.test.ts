import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  directoryOptions,
  PEOPLE,
  skipWithoutSlapd,
  startSlapd,
  SUFFIX,
  type TestSlapd,
} from '../../test/slapd.ts';
import { DirectoryUnreachableError, escapeFilterValue, LdapDirectory } from './ldap-directory.ts';

const [alice, bob] = PEOPLE;

describe.skipIf(skipWithoutSlapd)('AUTH-13: the company directory against a real slapd', () => {
  let slapd: TestSlapd;
  let dir: LdapDirectory;
  beforeAll(async () => {
    slapd = await startSlapd();
    dir = new LdapDirectory(directoryOptions(slapd.url));
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
    const badService = new LdapDirectory({ ...directoryOptions(slapd.url), bindPassword: 'wrong' });
    await expect(badService.authenticate('alice', alice.password)).rejects.toThrow(DirectoryUnreachableError);
    expect(await badService.ping()).toBe(false);
    expect(await dir.ping()).toBe(true);
    const down = new LdapDirectory(directoryOptions('ldap://127.0.0.1:9'));
    await expect(down.authenticate('alice', alice.password)).rejects.toThrow(DirectoryUnreachableError);
  });
});
