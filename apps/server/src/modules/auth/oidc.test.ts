import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { startTestApp, type TestApp, type TestClient } from '../../test/harness.ts';
import { signInAtIdp, startTestIdp, type TestIdp } from '../../test/oidc-idp.ts';

const CALLBACK = 'http://127.0.0.1:5000/auth/oidc/callback';

/** The path and query of a URL, for `inject`. */
const local = (url: string): string => {
  const u = new URL(url);
  return u.pathname + u.search;
};

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`company sign-in with OpenID Connect (${kind})`, () => {
    let idp: TestIdp;
    let t: TestApp;
    let now = Date.now();
    beforeAll(async () => {
      idp = await startTestIdp({ redirectUris: [CALLBACK] });
      t = await startTestApp({ kind, env: idp.env(CALLBACK), build: { now: () => now } });
      // The first account of the server, its break-glass administrator.
      await t.client().register('local_admin');
    });
    afterAll(async () => {
      await t.close();
      await idp.stop();
    });

    /** Clicks the company sign-in button and signs in at the provider; returns the callback URL. */
    async function toProvider(c: TestClient, login: string): Promise<string> {
      const start = await c.request('GET', '/auth/oidc/login');
      expect(start.statusCode).toBe(302);
      const authorize = new URL(start.headers.location as string);
      expect(authorize.origin).toBe(idp.issuer);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize.searchParams.get('state')).toBeTruthy();
      expect(authorize.searchParams.get('nonce')).toBeTruthy();
      return signInAtIdp(authorize.toString(), login);
    }

    async function ssoLogin(login: string, c: TestClient = t.client()) {
      const back = await toProvider(c, login);
      const res = await c.request('GET', local(back));
      return { c, res, back };
    }

    const ssoError = (res: { statusCode: number; headers: Record<string, unknown> }) => {
      expect(res.statusCode).toBe(302);
      return new URL(String(res.headers.location), 'http://x').searchParams.get('sso_error');
    };

    it('AUTH-15: the first sign-in makes the account from the ID token and lands in the chat', async () => {
      const { c, res } = await ssoLogin('sub-minji');
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/');
      expect(c.sessionCookie).toBeTruthy();
      await c.bootstrap();
      const me = (await c.request('GET', '/api/me')).json().user;
      expect(me).toMatchObject({ username: 'minji', nickname: '김민지', authSource: 'oidc', isAdmin: true });
      const row = await t.db.kysely
        .selectFrom('users')
        .select(['email', 'department', 'external_id'])
        .where('username', '=', 'minji')
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ email: 'minji@corp.example', department: '개발팀', external_id: 'sub-minji' });
      // A session like a password login's: it can act.
      expect((await c.request('GET', '/api/rooms')).statusCode).toBe(200);
    });

    it('AUTH-15: later sign-ins reuse the account and refresh name, department and the admin flag', async () => {
      idp.people['sub-minji']!.name = '김민지 팀장';
      idp.people['sub-minji']!.department = '플랫폼팀';
      idp.people['sub-minji']!.groups = ['staff'];
      const { c } = await ssoLogin('sub-minji');
      await c.bootstrap();
      const me = (await c.request('GET', '/api/me')).json().user;
      expect(me).toMatchObject({ username: 'minji', nickname: '김민지 팀장', isAdmin: false });
      const rows = await t.db.kysely
        .selectFrom('users')
        .select('id')
        .where('external_id', '=', 'sub-minji')
        .execute();
      expect(rows).toHaveLength(1);
      idp.people['sub-minji']!.groups = ['staff', 'messenger-admins'];
    });

    it('AUTH-15: a callback with another state, from another browser, or used twice signs nobody in', async () => {
      const c = t.client();
      const back = new URL(await toProvider(c, 'sub-junho'));
      const forged = new URL(back);
      forged.searchParams.set('state', 'not-the-state');
      const wrongState = await c.request('GET', local(forged.toString()));
      expect(ssoError(wrongState)).toBe('auth.sso_failed');
      expect(c.sessionCookie).toBeUndefined();

      // Another browser (no state cookie) with the real callback URL.
      const other = t.client();
      expect(ssoError(await other.request('GET', local(back.toString())))).toBe('auth.sso_failed');
      expect(other.sessionCookie).toBeUndefined();
    });

    it('AUTH-15: a replayed authorization code is refused', async () => {
      const first = await ssoLogin('sub-junho');
      expect(first.res.headers.location).toBe('/');
      // The same callback again: its state is used up.
      const again = t.client();
      again.cookies.set('mx_oidc_state', new URL(first.back).searchParams.get('state')!);
      expect(ssoError(await again.request('GET', local(first.back)))).toBe('auth.sso_failed');
      // The old code with a fresh login's state: the provider refuses a code twice (and PKCE would not match).
      const c = t.client();
      const fresh = new URL(await toProvider(c, 'sub-junho'));
      const replay = new URL(first.back);
      replay.searchParams.set('state', fresh.searchParams.get('state')!);
      expect(ssoError(await c.request('GET', local(replay.toString())))).toBe('auth.sso_failed');
      expect(c.sessionCookie).toBeUndefined();
    });

    it('AUTH-15: a malformed callback (two states, none) is a failed sign-in, never a JSON error', async () => {
      const c = t.client();
      const back = new URL(await toProvider(c, 'sub-junho'));
      const state = back.searchParams.get('state')!;
      back.searchParams.append('state', state);
      expect(ssoError(await c.request('GET', local(back.toString())))).toBe('auth.sso_failed');
      expect(ssoError(await c.request('GET', '/auth/oidc/callback'))).toBe('auth.sso_failed');
      expect(c.sessionCookie).toBeUndefined();
    });

    it('AUTH-15: an answer claiming another issuer is refused', async () => {
      const c = t.client();
      const back = new URL(await toProvider(c, 'sub-junho'));
      expect(back.searchParams.get('iss')).toBe(idp.issuer);
      back.searchParams.set('iss', 'http://127.0.0.1:1/evil');
      expect(ssoError(await c.request('GET', local(back.toString())))).toBe('auth.sso_failed');
      expect(c.sessionCookie).toBeUndefined();
    });

    it('AUTH-15: an expired ID token is refused', async () => {
      const c = t.client();
      const back = await toProvider(c, 'sub-junho');
      const saved = now;
      now = Date.now() + 3 * 3600_000; // the ID token lives one hour
      try {
        expect(ssoError(await c.request('GET', local(back)))).toBe('auth.sso_failed');
      } finally {
        now = saved;
      }
      expect(c.sessionCookie).toBeUndefined();
    });

    it('AUTH-15: a deactivated account cannot sign in through the provider either', async () => {
      const admin = t.client();
      await admin.login('local_admin');
      const junho = await t.db.kysely
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'junho')
        .executeTakeFirstOrThrow();
      expect((await admin.request('POST', `/api/admin/users/${junho.id}/deactivate`)).statusCode).toBe(200);
      const { c, res } = await ssoLogin('sub-junho');
      expect(ssoError(res)).toBe('auth.account_deactivated');
      expect(c.sessionCookie).toBeUndefined();
      await admin.request('POST', `/api/admin/users/${junho.id}/reactivate`);
    });

    it('AUTH-15: a username that is invalid here, or taken by a local account, gets its own explanation', async () => {
      expect(ssoError((await ssoLogin('sub-badname')).res)).toBe('auth.sso_username_invalid');
      await t.client().register('sora');
      expect(ssoError((await ssoLogin('sub-unverified')).res)).toBe('auth.sso_username_taken');
    });

    it('AUTH-15: with linkOidcByEmail on, a verified e-mail takes over the one local account that has it', async () => {
      const hana = t.client();
      await hana.register('hana');
      expect((await hana.request('PUT', '/api/profile', { email: 'Hana@Corp.example' })).json().email).toBe(
        'Hana@Corp.example',
      );
      const admin = t.client();
      await admin.login('local_admin');
      // The break-glass administrator is never taken over, whatever its e-mail.
      await admin.request('PUT', '/api/profile', { email: 'boss@corp.example' });
      const on = await admin.request('PUT', '/api/admin/sign-in-policy', { linkOidcByEmail: true });
      expect(on.json().policy.linkOidcByEmail).toBe(true);

      // A deactivated account with the same address is never taken over.
      const dormant = t.client();
      await dormant.register('hana_old');
      await dormant.request('PUT', '/api/profile', { email: 'hana@corp.example' });
      const dormantId = (await dormant.request('GET', '/api/me')).json().user.id as string;
      await admin.request('POST', `/api/admin/users/${dormantId}/deactivate`);

      const { c } = await ssoLogin('sub-hana');
      await c.bootstrap();
      const me = (await c.request('GET', '/api/me')).json().user;
      expect(me).toMatchObject({ username: 'hana', nickname: '정하나', authSource: 'oidc' });
      // The address was only typed by the account's owner: whoever typed it keeps no session there.
      expect((await hana.request('GET', '/api/me')).statusCode).toBe(401);
      // Its password no longer signs in: the provider does.
      expect((await t.client().login('hana')).json().code).toBe('auth.invalid_credentials');
      const linked = await t.db.kysely
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'auth.sso_linked')
        .execute();
      expect(linked.map((r) => JSON.parse(r.detail).email)).toEqual(['hana@corp.example']);

      const boss = await ssoLogin('sub-boss');
      await boss.c.bootstrap();
      expect((await boss.c.request('GET', '/api/me')).json().user.username).toBe('boss');
      expect((await t.client().login('local_admin')).statusCode).toBe(200);
      await admin.request('PUT', '/api/admin/sign-in-policy', { linkOidcByEmail: false });
    });

    it('AUTH-15: a company account’s e-mail comes from the provider, not from the profile', async () => {
      const { c } = await ssoLogin('sub-minji');
      await c.bootstrap();
      expect((await c.request('GET', '/api/profile')).json().email).toBe('minji@corp.example');
      const res = await c.request('PUT', '/api/profile', { email: 'other@corp.example' });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('profile.email_managed');
    });

    it('AUTH-15: sign-ins through the provider and their refusals are audited', async () => {
      const rows = await t.db.kysely
        .selectFrom('audit_log')
        .select(['action', 'detail'])
        .where('action', 'in', ['auth.login', 'auth.login_failed'])
        .execute();
      const details = rows.map((r) => ({ action: r.action, ...JSON.parse(r.detail) }));
      expect(details).toContainEqual(expect.objectContaining({ action: 'auth.login', method: 'oidc' }));
      expect(details).toContainEqual(
        expect.objectContaining({
          action: 'auth.login_failed',
          username: 'junho',
          reason: 'auth.account_deactivated',
        }),
      );
      expect(JSON.stringify(rows)).not.toContain('idp-client-secret');
    });
  });
}

describe('company sign-in not configured or provider down', () => {
  it('AUTH-15: without OIDC the button paths explain it; with the provider down they say so', async () => {
    const off = await startTestApp();
    try {
      const res = await off.client().request('GET', '/auth/oidc/login');
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/?sso_error=auth.sso_off');
    } finally {
      await off.close();
    }
    const down = await startTestApp({
      env: {
        OIDC_ISSUER_URL: 'http://127.0.0.1:9',
        OIDC_CLIENT_ID: 'messenger',
        OIDC_CLIENT_SECRET: 'secret-that-must-not-leak',
        OIDC_REDIRECT_URL: CALLBACK,
      },
    });
    try {
      const res = await down.client().request('GET', '/auth/oidc/login');
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/?sso_error=auth.sso_unavailable');
    } finally {
      await down.close();
    }
  });
});
