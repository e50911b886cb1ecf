import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { startTestApp, type TestApp, type TestClient } from '../../test/harness.ts';

/** Company sign-in configured (OIDC; the provider is only contacted when someone uses the button). */
const SSO = {
  OIDC_ISSUER_URL: 'http://127.0.0.1:9/idp',
  OIDC_CLIENT_ID: 'messenger',
  OIDC_CLIENT_SECRET: 'not-logged-secret',
  OIDC_REDIRECT_URL: 'http://127.0.0.1:5000/auth/oidc/callback',
  OIDC_BUTTON_LABEL: '사내 계정으로 로그인',
};

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`sign-in policy (${kind})`, () => {
    let t: TestApp;
    let admin: TestClient;
    let member: TestClient;
    beforeAll(async () => {
      t = await startTestApp({ kind, env: SSO });
      admin = t.client();
      await admin.register('first_admin');
      member = t.client();
      await member.register('plain_member');
    });
    afterAll(() => t.close());

    const policy = (c: TestClient, change: Record<string, unknown>) =>
      c.request('PUT', '/api/admin/sign-in-policy', change);

    it('AUTH-14: /api/auth/providers lists exactly the methods that are on', async () => {
      const res = await t.client().request('GET', '/api/auth/providers');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        providers: [
          { type: 'oidc', provider: 'oidc', label: '사내 계정으로 로그인', loginUrl: '/auth/oidc/login' },
        ],
        passwordLogin: true,
        directory: false,
        signup: true,
      });
      const config = (await t.client().request('GET', '/api/config')).json();
      expect(config.features).toMatchObject({ oidc: true, ldap: false });
    });

    it('AUTH-14: only a server administrator reads or changes the switches', async () => {
      expect((await member.request('GET', '/api/admin/sign-in-policy')).json().code).toBe('admin.required');
      expect((await policy(member, { localSignup: false })).statusCode).toBe(403);
      const res = await admin.request('GET', '/api/admin/sign-in-policy');
      expect(res.json()).toEqual({
        policy: { localSignup: true, localLogin: true, twoFactor: 'optional', linkOidcByEmail: false },
        sso: { oidc: true, ldap: false },
        breakGlassUsername: 'first_admin',
      });
      const bad = await policy(admin, { twoFactor: 'sometimes' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('request.invalid_body');
    });

    it('AUTH-14: local sign-up off closes /api/register and the login screen stops offering it', async () => {
      const res = await policy(admin, { localSignup: false });
      expect(res.statusCode).toBe(200);
      expect(res.json().policy.localSignup).toBe(false);
      const outsider = t.client();
      expect((await outsider.register('newcomer')).json().code).toBe('auth.registration_closed');
      expect((await outsider.request('GET', '/api/auth/providers')).json().signup).toBe(false);
      expect((await outsider.request('GET', '/api/config')).json().registrationOpen).toBe(false);
      await policy(admin, { localSignup: true });
      expect((await t.client().register('newcomer')).statusCode).toBe(200);
    });

    it('AUTH-14: local login off refuses local passwords, except the first administrator (break-glass)', async () => {
      expect((await policy(admin, { localLogin: false })).json().policy.localLogin).toBe(false);
      const providers = (await t.client().request('GET', '/api/auth/providers')).json();
      expect(providers.passwordLogin).toBe(false);

      const refused = await t.client().login('plain_member');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('auth.local_login_disabled');
      // Said only to someone who knows the password: a wrong one still gets the usual answer.
      expect((await t.client().login('plain_member', 'wrong-password')).json().code).toBe(
        'auth.invalid_credentials',
      );
      const breakGlass = await t.client().login('first_admin');
      expect(breakGlass.statusCode).toBe(200);
      // Sign-up closes with it: a new local account could not sign in again.
      expect(providers.signup).toBe(false);
      expect((await t.client().register('latecomer')).json().code).toBe('auth.registration_closed');
      await policy(admin, { localLogin: true });
      expect((await t.client().login('plain_member')).statusCode).toBe(200);
    });

    it('AUTH-14: sign-ins, refusals and policy changes are audited without the password', async () => {
      const rows = await t.db.kysely
        .selectFrom('audit_log')
        .select(['action', 'actor_id', 'target_id', 'detail'])
        .where('action', 'in', ['auth.login', 'auth.login_failed', 'auth.policy_changed'])
        .execute();
      const failed = rows.filter((r) => r.action === 'auth.login_failed').map((r) => JSON.parse(r.detail));
      expect(failed).toContainEqual(
        expect.objectContaining({ username: 'plain_member', reason: 'auth.local_login_disabled' }),
      );
      expect(failed).toContainEqual(
        expect.objectContaining({ username: 'plain_member', reason: 'auth.invalid_credentials' }),
      );
      const logins = rows.filter((r) => r.action === 'auth.login').map((r) => JSON.parse(r.detail));
      expect(logins).toContainEqual(expect.objectContaining({ method: 'local' }));
      const changes = rows.filter((r) => r.action === 'auth.policy_changed').map((r) => JSON.parse(r.detail));
      expect(changes).toContainEqual({ localLogin: { from: true, to: false } });
      expect(JSON.stringify(rows)).not.toContain('password123');
    });
  });
}

describe('sign-in policy without company sign-in', () => {
  it('AUTH-14: local login cannot be turned off when nobody could sign in any other way', async () => {
    const t = await startTestApp();
    try {
      const admin = t.client();
      await admin.register('only_admin');
      const res = await admin.request('PUT', '/api/admin/sign-in-policy', { localLogin: false });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('auth.policy_needs_sso');
      expect((await t.client().request('GET', '/api/auth/providers')).json()).toEqual({
        providers: [],
        passwordLogin: true,
        directory: false,
        signup: true,
      });
    } finally {
      await t.close();
    }
  });
});
