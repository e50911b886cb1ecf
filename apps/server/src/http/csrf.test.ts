import { CSRF_COOKIE } from '@messenger/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/harness.ts';

describe('SEC-2: CSRF', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /api/config issues a token bound to a pre-login cookie', async () => {
    const c = t.client();
    const res = await c.request('GET', '/api/config');
    expect(res.json().csrfToken).toMatch(/^[\w-]{43}$/);
    const cookie = res.cookies.find((k) => k.name === CSRF_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    // Asking again with the same cookie gives the same token.
    expect((await c.request('GET', '/api/config')).json().csrfToken).toBe(res.json().csrfToken);
  });

  it('login and register without the token are refused with 403 csrf.invalid and nothing is created', async () => {
    const c = await t.client().bootstrap();
    const res = await c.request(
      'POST',
      '/api/register',
      { username: 'no_token', password: 'password123' },
      { csrf: false },
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf.invalid');
    const login = await c.request(
      'POST',
      '/api/login',
      { username: 'no_token', password: 'password123' },
      { csrf: false },
    );
    expect(login.json().code).toBe('csrf.invalid');
    // With the token the name is still free: the refused call stored nothing.
    expect((await c.register('no_token')).statusCode).toBe(200);
  });

  it("another browser's token does not work with this browser's cookie", async () => {
    const victim = await t.client().bootstrap();
    const attacker = await t.client().bootstrap();
    victim.csrfToken = attacker.csrfToken;
    const res = await victim.register('csrf_victim');
    expect(res.json().code).toBe('csrf.invalid');
  });

  it('the token changes at login and the pre-login token stops working for the session', async () => {
    const c = t.client();
    await c.bootstrap();
    const before = c.csrfToken;
    await c.register('rotating_token');
    expect(c.csrfToken).not.toBe(before);
    const stale = await c.request(
      'PUT',
      '/api/me/password',
      { currentPassword: 'password123', newPassword: 'password456' },
      {
        headers: { 'x-csrf-token': before },
      },
    );
    expect(stale.json().code).toBe('csrf.invalid');
    const fresh = await c.request('PUT', '/api/me/password', {
      currentPassword: 'password123',
      newPassword: 'password456',
    });
    expect(fresh.statusCode).toBe(200);
  });

  it('a request from a foreign Origin or Referer is refused even with a valid token', async () => {
    const c = await t.client().bootstrap();
    const res = await c.request(
      'POST',
      '/api/login',
      { username: 'x', password: 'y' },
      { headers: { origin: 'http://evil.example' } },
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf.bad_origin');
    const ref = await c.request(
      'POST',
      '/api/login',
      { username: 'x', password: 'y' },
      { headers: { referer: 'http://evil.example/page' } },
    );
    expect(ref.json().code).toBe('csrf.bad_origin');
    const same = await c.request(
      'POST',
      '/api/login',
      { username: 'x', password: 'yyyyyyyy' },
      { headers: { origin: 'http://localhost:80' } },
    );
    expect(same.json().code).not.toMatch(/^csrf/);
  });

  it('ALLOWED_ORIGINS admits a configured origin', async () => {
    const p = await startTestApp({ env: { ALLOWED_ORIGINS: 'https://chat.example.com' } });
    try {
      const c = await p.client().bootstrap();
      const res = await c.register('allowed_origin', 'password123', undefined);
      expect(res.statusCode).toBe(200);
      const other = await c.request('POST', '/api/logout', undefined, {
        headers: { origin: 'https://chat.example.com' },
      });
      expect(other.statusCode).toBe(200);
    } finally {
      await p.close();
    }
  });
});
