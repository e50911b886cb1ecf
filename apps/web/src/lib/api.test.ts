import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from './api.ts';

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

type Reply = { status: number; body?: unknown } | 'network-down';

/** A fake fetch that records calls and answers from a script, one reply per call. */
function fakeFetch(replies: Reply[]) {
  const calls: Call[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({
      method: init?.method ?? 'GET',
      url: String(input),
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    const reply = replies.shift();
    if (!reply) throw new Error(`unexpected call ${init?.method} ${String(input)}`);
    if (reply === 'network-down') throw new TypeError('Failed to fetch');
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
    return new Response(text, { status: reply.status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fetchFn, calls };
}

const config = (token: string) => ({
  status: 200,
  body: {
    csrfToken: token,
    version: '0.1.0',
    protocolVersion: 1,
    registrationOpen: true,
    secure: false,
    upload: { maxBytes: 1, allowedExtensions: ['png'] },
    rateLimits: {},
    notifications: { level: 'all', sound: false },
    e2ePolicy: 'default',
    features: { redis: false, oidc: false, ldap: false, antivirus: false },
  },
});
const user = {
  id: 'u1',
  username: 'minji',
  nickname: '민지',
  isAdmin: false,
  authSource: 'local',
  twoFactor: false,
  mustChangePassword: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const error = (status: number, code: string, message = 'server says no') => ({
  status,
  body: { error: message, code },
});

describe('ApiClient', () => {
  it('fetches a CSRF token before the first state-changing call and sends it', async () => {
    const { fetchFn, calls } = fakeFetch([config('t1'), { status: 200, body: { user, csrfToken: 't2' } }]);
    const api = new ApiClient({ fetch: fetchFn, language: () => 'ko' });
    await api.login({ username: 'minji', password: 'pw' });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/config', 'POST /api/login']);
    expect(calls[1]!.headers['x-csrf-token']).toBe('t1');
    expect(calls[1]!.headers['accept-language']).toBe('ko');
    expect(calls[1]!.body).toEqual({ username: 'minji', password: 'pw' });
  });

  it('switches to the token the login response returns', async () => {
    const { fetchFn, calls } = fakeFetch([
      config('t1'),
      { status: 200, body: { user, csrfToken: 't2' } },
      { status: 200, body: { ok: true, revokedSessions: 2 } },
    ]);
    const api = new ApiClient({ fetch: fetchFn });
    await api.login({ username: 'minji', password: 'pw' });
    const result = await api.changePassword({ currentPassword: 'pw', newPassword: 'new password' });
    expect(result.revokedSessions).toBe(2);
    expect(calls[2]!.headers['x-csrf-token']).toBe('t2');
  });

  it('AUTH-16: a login that needs its second factor keeps the token until the code step gives a session', async () => {
    const pending = { twoFactor: { challenge: 'c1', step: 'verify' } };
    const { fetchFn, calls } = fakeFetch([
      config('t1'),
      { status: 200, body: pending },
      { status: 200, body: { user: { ...user, twoFactor: true }, csrfToken: 't3' } },
      { status: 200, body: { ok: true, revokedSessions: 0 } },
    ]);
    const api = new ApiClient({ fetch: fetchFn });
    expect(await api.login({ username: 'minji', password: 'pw' })).toEqual(pending);
    const signedIn = await api.loginTwoFactor('c1', '123456');
    expect(signedIn.twoFactor).toBe(true);
    expect(calls[2]!.body).toEqual({ challenge: 'c1', code: '123456' });
    expect(calls[2]!.headers['x-csrf-token']).toBe('t1');
    await api.changePassword({ currentPassword: 'pw', newPassword: 'new password' });
    expect(calls[3]!.headers['x-csrf-token']).toBe('t3');
  });

  it('refetches the config once and retries when the token is stale', async () => {
    const { fetchFn, calls } = fakeFetch([
      config('old'),
      error(403, 'csrf.invalid'),
      config('fresh'),
      { status: 200, body: { ok: true } },
    ]);
    const api = new ApiClient({ fetch: fetchFn });
    await api.config();
    await api.revokeSession('s 1');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/config',
      'DELETE /api/me/sessions/s%201',
      'GET /api/config',
      'DELETE /api/me/sessions/s%201',
    ]);
    expect(calls[3]!.headers['x-csrf-token']).toBe('fresh');
  });

  it('gives up after one retry', async () => {
    const { fetchFn, calls } = fakeFetch([
      config('a'),
      error(403, 'csrf.invalid'),
      config('b'),
      error(403, 'csrf.invalid'),
    ]);
    const api = new ApiClient({ fetch: fetchFn });
    await expect(api.logout()).rejects.toMatchObject({ code: 'csrf.invalid', status: 403 });
    expect(calls).toHaveLength(4);
  });

  it('turns the error envelope into an ApiError with code, message and fields', async () => {
    const fields = [{ path: 'username', message: 'validation.username' }];
    const { fetchFn } = fakeFetch([
      config('t'),
      { status: 400, body: { error: '요청 값이 올바르지 않습니다.', code: 'request.invalid_body', fields } },
    ]);
    const api = new ApiClient({ fetch: fetchFn });
    const err = await api.register({ username: 'x', password: 'y' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 400,
      code: 'request.invalid_body',
      message: '요청 값이 올바르지 않습니다.',
      fields,
    });
  });

  it('maps a network failure and a non-JSON error page to codes', async () => {
    const { fetchFn } = fakeFetch(['network-down', { status: 502, body: '<html>Bad gateway</html>' }]);
    const api = new ApiClient({ fetch: fetchFn });
    await expect(api.me()).rejects.toMatchObject({ code: 'network.unreachable', status: 0 });
    await expect(api.me()).rejects.toMatchObject({ code: 'server.unavailable', status: 502 });
  });

  it('rejects a success response that does not match the schema', async () => {
    const { fetchFn } = fakeFetch([{ status: 200, body: { user: { id: 1 } } }]);
    await expect(new ApiClient({ fetch: fetchFn }).me()).rejects.toMatchObject({ code: 'response.invalid' });
  });

  it('reports a lost session to the listener, but not a failed login', async () => {
    const { fetchFn } = fakeFetch([
      error(401, 'auth.session_revoked'),
      config('t'),
      error(401, 'auth.invalid_credentials'),
    ]);
    const api = new ApiClient({ fetch: fetchFn });
    const lost: string[] = [];
    api.onAuthLost((code) => lost.push(code));
    await expect(api.sessions()).rejects.toMatchObject({ code: 'auth.session_revoked' });
    await expect(api.login({ username: 'a', password: 'b' })).rejects.toMatchObject({
      code: 'auth.invalid_credentials',
    });
    expect(lost).toEqual(['auth.session_revoked']);
  });
});
