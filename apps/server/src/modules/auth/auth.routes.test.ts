import { ChangePasswordResponse } from '@messenger/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { SESSION_COOKIE, startTestApp, type TestApp } from '../../test/harness.ts';

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`accounts and sessions over HTTP (${kind})`, () => {
    let t: TestApp;
    let now = Date.UTC(2026, 10, 1);
    beforeAll(async () => {
      t = await startTestApp({ kind, build: { now: () => now } });
    });
    afterAll(() => t.close());

    it('AUTH-2, AUTH-4: the first user becomes administrator, the second does not, and sign-up logs in', async () => {
      const a = t.client();
      const res = await a.register('first_user', 'password123', '  김관리  ');
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toMatchObject({ username: 'first_user', nickname: '김관리', isAdmin: true });
      expect((await a.request('GET', '/api/me')).json().user.username).toBe('first_user');

      const b = t.client();
      expect((await b.register('second_user')).json().user).toMatchObject({
        isAdmin: false,
        nickname: 'second_user',
      });
    });

    it('AUTH-1: usernames are unique ignoring case, and field rules give 400 with the field', async () => {
      const c = t.client();
      const dup = await c.register('FIRST_USER');
      expect(dup.statusCode).toBe(409);
      expect(dup.json().code).toBe('user.username_taken');

      for (const [body, field] of [
        [{ username: 'ab', password: 'password123' }, 'username'],
        [{ username: 'has space', password: 'password123' }, 'username'],
        [{ username: 'a'.repeat(21), password: 'password123' }, 'username'],
        [{ username: 'valid_name', password: 'short' }, 'password'],
        [{ username: 'valid_name', password: 'password123', nickname: '   ' }, 'nickname'],
        [{ username: 'valid_name', password: 'password123', nickname: '가'.repeat(21) }, 'nickname'],
      ] as const) {
        const res = await c.request('POST', '/api/register', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().code).toBe('request.invalid_body');
        expect(res.json().fields.map((f: { path: string }) => f.path)).toContain(field);
      }
      // Twenty Korean characters are allowed: the limit counts characters, not bytes.
      expect((await c.register('korean_nick', 'password123', '가'.repeat(20))).statusCode).toBe(200);
    });

    it('AUTH-5: a wrong password and an unknown user get the same answer', async () => {
      const c = await t.client().bootstrap();
      const wrong = await c.login('first_user', 'wrong-password');
      const unknown = await c.login('nobody_here', 'wrong-password');
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json()).toEqual(unknown.json());
      expect(wrong.json().code).toBe('auth.invalid_credentials');
      expect(wrong.cookies.find((k) => k.name === SESSION_COOKIE)).toBeUndefined();
    });

    it('AUTH-6: the session cookie is HttpOnly and SameSite=Lax, and every login gets a new one', async () => {
      const c = t.client();
      const first = await c.login('first_user');
      const cookie = first.cookies.find((k) => k.name === SESSION_COOKIE)!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie.secure).toBeFalsy();
      expect(Buffer.from(cookie.value, 'base64url')).toHaveLength(32);
      const second = await c.login('first_user');
      expect(second.cookies.find((k) => k.name === SESSION_COOKIE)!.value).not.toBe(cookie.value);
    });

    it('AUTH-6: the cookie is Secure when the request came over HTTPS through a trusted proxy', async () => {
      const p = await startTestApp({ kind: 'sqlite', env: { TRUST_PROXY: 'true' } });
      try {
        const c = p.client({ 'x-forwarded-proto': 'https' });
        const res = await c.register('secure_user');
        expect(res.cookies.find((k) => k.name === SESSION_COOKIE)!.secure).toBe(true);
        expect(res.headers['strict-transport-security']).toContain('max-age=');
      } finally {
        await p.close();
      }
    });

    it('AUTH-8: logout revokes the session on the server; the old cookie gets auth.session_revoked', async () => {
      const c = t.client();
      await c.login('first_user');
      const stolen = c.sessionCookie!;
      const out = await c.request('POST', '/api/logout');
      expect(out.statusCode).toBe(200);
      expect(c.sessionCookie).toBeUndefined();
      const replay = await t.http.inject({
        method: 'GET',
        url: '/api/me',
        cookies: { [SESSION_COOKIE]: stolen },
      });
      expect(replay.statusCode).toBe(401);
      expect(replay.json().code).toBe('auth.session_revoked');
      // Logging out again is harmless.
      expect((await c.request('POST', '/api/logout')).statusCode).toBe(200);
    });

    it('AUTH-10: a password change needs the current password and signs out every other session', async () => {
      const a = t.client();
      const b = t.client();
      await a.register('pw_change');
      await b.login('pw_change');
      const wrong = await a.request('PUT', '/api/me/password', {
        currentPassword: 'nope-nope',
        newPassword: 'newpassword1',
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().code).toBe('auth.wrong_password');

      const ok = await a.request('PUT', '/api/me/password', {
        currentPassword: 'password123',
        newPassword: 'newpassword1',
      });
      expect(ChangePasswordResponse.parse(ok.json())).toEqual({ ok: true, revokedSessions: 1 });
      expect((await a.request('GET', '/api/me')).statusCode).toBe(200);
      const other = await b.request('GET', '/api/me');
      expect(other.statusCode).toBe(401);
      expect(other.json().code).toBe('auth.session_revoked');
      expect((await t.client().login('pw_change', 'password123')).statusCode).toBe(401);
      expect((await t.client().login('pw_change', 'newpassword1')).statusCode).toBe(200);
    });

    it('AUTH-11: the session list shows browser, platform, IP and the current session; one can be revoked', async () => {
      const a = t.client({
        'user-agent': 'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/140.0 Safari/537.36',
      });
      const b = t.client({
        'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Safari/604.1',
      });
      await a.register('lister');
      await b.login('lister');
      const list = (await a.request('GET', '/api/me/sessions')).json().sessions;
      expect(list).toHaveLength(2);
      const mine = list.find((s: { current: boolean }) => s.current);
      const theirs = list.find((s: { current: boolean }) => !s.current);
      expect(mine).toMatchObject({ browser: 'chrome', platform: 'windows' });
      expect(theirs).toMatchObject({ browser: 'safari', platform: 'ios' });
      expect(theirs.ip).toBe('127.0.0.1');

      // Someone else cannot revoke it.
      const stranger = t.client();
      await stranger.register('stranger');
      const foreign = await stranger.request('DELETE', `/api/me/sessions/${theirs.id}`);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().code).toBe('session.not_found');

      expect((await a.request('DELETE', `/api/me/sessions/${theirs.id}`)).statusCode).toBe(200);
      expect((await b.request('GET', '/api/me')).json().code).toBe('auth.session_revoked');
      expect((await a.request('GET', '/api/me/sessions')).json().sessions).toHaveLength(1);
    });

    it('AUTH-7: a session expires after SESSION_TIMEOUT_HOURS idle and after SESSION_ABSOLUTE_DAYS in any case', async () => {
      const c = t.client();
      await c.register('expiring');
      now += 71 * 3600_000; // within the 72 h idle window: still valid, and use renews it
      expect((await c.request('GET', '/api/me')).statusCode).toBe(200);
      now += 71 * 3600_000;
      expect((await c.request('GET', '/api/me')).statusCode).toBe(200);
      now += 73 * 3600_000; // idle too long
      const idle = await c.request('GET', '/api/me');
      expect(idle.statusCode).toBe(401);
      expect(idle.json().code).toBe('auth.session_expired');

      await c.login('expiring');
      for (let day = 0; day < 30; day += 2) {
        now += 2 * 86400_000;
        await c.request('GET', '/api/me');
      }
      const absolute = await c.request('GET', '/api/me');
      expect(absolute.json().code).toBe('auth.session_expired');
    });

    it('AUTH-1: the stored password is an argon2id hash, never the password', async () => {
      const row = await t.db.kysely
        .selectFrom('users')
        .select('password_hash')
        .where('username', '=', 'first_user')
        .executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      const sessions = await t.db.kysely.selectFrom('sessions').select('token_hash').execute();
      expect(sessions.every((s) => /^[0-9a-f]{64}$/.test(s.token_hash))).toBe(true);
    });
  });
}

describe('registration closed', () => {
  it('AUTH-3: OPEN_REGISTRATION=false refuses sign-up and says so in /api/config', async () => {
    const t = await startTestApp({ env: { OPEN_REGISTRATION: 'false' } });
    try {
      const c = t.client();
      await c.bootstrap();
      expect((await c.request('GET', '/api/config')).json().registrationOpen).toBe(false);
      const res = await c.register('someone');
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('auth.registration_closed');
    } finally {
      await t.close();
    }
  });
});
