import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actors, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';
import {
  ADMIN_DN,
  ADMIN_PASSWORD,
  directoryEnv,
  PEOPLE,
  skipWithoutSlapd,
  startSlapd,
  SUFFIX,
  type TestSlapd,
} from '../../test/slapd.ts';

const [alice, bob] = PEOPLE;

describe.skipIf(skipWithoutSlapd)('AUTH-13: signing in with the company directory (POST /api/login)', () => {
  let slapd: TestSlapd;
  let t: TestApp;
  let local: Actor;

  beforeAll(async () => {
    slapd = await startSlapd();
    t = await startTestApp({
      env: directoryEnv(slapd.url),
    });
    [local] = (await actors(t, 'local')) as [Actor]; // a local account (the first: server admin)
  });
  afterAll(async () => {
    await t?.close();
    await slapd?.stop();
  });

  it('a directory user signs in with the login form: the account is made with their name, and an admin group makes an admin', async () => {
    const a = t.client();
    const res = await a.login('alice', alice.password);
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ username: 'alice', nickname: '김앨리스', isAdmin: true });
    expect((await a.request('GET', '/api/me')).json().user).toMatchObject({ nickname: '김앨리스' });
    const b = t.client();
    expect((await b.login('bob', bob.password)).json().user).toMatchObject({
      nickname: 'Bob Lee',
      isAdmin: false,
    });
    expect((await b.request('GET', '/api/admin/users')).statusCode).toBe(403);
    expect((await t.client().login('alice', bob.password)).json().code).toBe('auth.invalid_credentials');
    expect((await t.client().login('nobody', 'whatever-1')).json().code).toBe('auth.invalid_credentials');
  });

  it("the directory's name is refreshed at each sign-in; the password is changed there, not here", async () => {
    const admin = new Client({ url: slapd.url });
    await admin.bind(ADMIN_DN, ADMIN_PASSWORD);
    await admin.modify(`uid=bob,ou=people,${SUFFIX}`, [
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'displayName', values: ['이밥'] }),
      }),
    ]);
    await admin.unbind();
    const b = t.client();
    expect((await b.login('bob', bob.password)).json().user.nickname).toBe('이밥');
    const change = await b.request('PUT', '/api/me/password', {
      currentPassword: bob.password,
      newPassword: 'a-new-password-1',
    });
    expect(change.statusCode).toBe(400);
    expect(change.json().code).toBe('auth.directory_managed');
    expect((await b.request('GET', '/api/me')).json().user.authSource).toBe('ldap');
    const remove = await b.request('DELETE', '/api/me', { password: bob.password });
    expect(remove.json().code).toBe('account.directory_managed');
    expect((await local.client.request('GET', '/api/me')).json().user.authSource).toBe('local');
  });

  it('a directory user deactivated in the messenger cannot sign in through the directory', async () => {
    const c = t.client();
    const carol = PEOPLE[2];
    const id = (await c.login('carol', carol.password)).json().user.id as string;
    expect((await local.client.request('POST', `/api/admin/users/${id}/deactivate`)).statusCode).toBe(200);
    expect((await t.client().login('carol', carol.password)).json().code).toBe('auth.account_deactivated');
  });

  it('with the directory down, local accounts still sign in, directory users are told it is unreachable, and /readyz says so', async () => {
    expect((await t.http.inject('/readyz')).json()).toMatchObject({ status: 'ready', directory: 'ok' });
    await slapd.stop();
    const ready = await t.http.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ directory: 'unreachable' });
    expect((await t.client().login(local.username)).statusCode).toBe(200);
    const res = await t.client().login('alice', alice.password);
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('auth.directory_unreachable');
  });
});
