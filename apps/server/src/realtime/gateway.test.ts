import type { AddressInfo } from 'node:net';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '@messenger/shared';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../test/harness.ts';
import { expectProtocolKept, watchProtocol } from '../test/sockets.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('RT-1, AUTH-9: socket authentication and revocation', () => {
  let t: TestApp;
  let url: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    await t.http.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.http.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
    expectProtocolKept();
  });

  function open(
    client: TestClient | null,
    opts: { protocolVersion?: number; origin?: string } = {},
  ): ClientSocket {
    const headers: Record<string, string> = {};
    if (client) headers.cookie = client.cookieHeader();
    if (opts.origin) headers.origin = opts.origin;
    const s: ClientSocket = connect(url, {
      transports: ['websocket'],
      extraHeaders: headers,
      auth: { protocolVersion: opts.protocolVersion ?? PROTOCOL_VERSION },
      reconnection: false,
      forceNew: true,
    });
    watchProtocol(s);
    sockets.push(s);
    return s;
  }

  /** Resolves with the server's greeting, or rejects with the handshake error code. */
  function connected(s: ClientSocket): Promise<{ userId: string }> {
    return new Promise((resolve, reject) => {
      s.once('server:hello', resolve);
      s.once('connect_error', (err) =>
        reject(new Error((err as Error & { data?: { code: string } }).data?.code ?? err.message)),
      );
    });
  }

  function revoked(s: ClientSocket): Promise<{ reason: string; code: string; disconnect: string }> {
    return new Promise((resolve) => {
      let payload: { reason: string; code: string } | undefined;
      s.once('session:revoked', (p) => (payload = p));
      s.once('disconnect', (disconnect) =>
        resolve({ reason: payload?.reason ?? '', code: payload?.code ?? '', disconnect }),
      );
    });
  }

  async function loggedIn(username: string): Promise<TestClient> {
    const c = t.client();
    if ((await c.login(username)).statusCode !== 200) await c.register(username);
    return c;
  }

  it('a socket with a valid session cookie is greeted with the user id', async () => {
    const c = await loggedIn('socket_user');
    const me = (await c.request('GET', '/api/me')).json().user;
    await expect(connected(open(c))).resolves.toMatchObject({
      userId: me.id,
      protocolVersion: PROTOCOL_VERSION,
    });
  });

  it('a handshake without a session, with another protocol version or from a foreign origin is refused', async () => {
    await expect(connected(open(null))).rejects.toThrow('auth.required');
    const c = await loggedIn('socket_user');
    await expect(connected(open(c, { protocolVersion: PROTOCOL_VERSION + 1 }))).rejects.toThrow(
      'protocol.version_mismatch',
    );
    await expect(connected(open(c, { origin: 'http://evil.example' }))).rejects.toThrow('csrf.bad_origin');
  });

  it('logout disconnects that session’s sockets at once, with the reason', async () => {
    const c = await loggedIn('socket_user');
    const s = open(c);
    await connected(s);
    const ended = revoked(s);
    await c.request('POST', '/api/logout');
    await expect(ended).resolves.toEqual({
      reason: 'logout',
      code: 'auth.session_revoked',
      disconnect: 'io server disconnect',
    });
  });

  it('a password change disconnects the other sessions’ sockets but keeps the current one', async () => {
    const a = await loggedIn('socket_pw');
    const b = await loggedIn('socket_pw');
    const sa = open(a);
    const sb = open(b);
    await Promise.all([connected(sa), connected(sb)]);
    const ended = revoked(sb);
    await a.request('PUT', '/api/me/password', {
      currentPassword: 'password123',
      newPassword: 'password456',
    });
    await expect(ended).resolves.toMatchObject({ reason: 'password_changed', code: 'auth.session_revoked' });
    // The changing session's socket still answers.
    const pong = await sa.timeout(5000).emitWithAck('system:ping');
    expect(pong.now).toMatch(/^\d{4}-/);
    expect(sa.connected).toBe(true);
    // And the revoked cookie cannot open a new socket.
    await expect(connected(open(b))).rejects.toThrow('auth.session_revoked');
  });

  it('revoking one session from the list disconnects only its sockets', async () => {
    const a = await loggedIn('socket_list');
    const b = await loggedIn('socket_list');
    const sa = open(a);
    const sb = open(b);
    await Promise.all([connected(sa), connected(sb)]);
    const bId = (await a.request('GET', '/api/me/sessions'))
      .json()
      .sessions.find((s: { current: boolean }) => !s.current).id;
    const ended = revoked(sb);
    await a.request('DELETE', `/api/me/sessions/${bId}`);
    await expect(ended).resolves.toMatchObject({ reason: 'revoked' });
    expect(sa.connected).toBe(true);
  });

  it('the open-sockets gauge counts connections', async () => {
    const c = await loggedIn('socket_gauge');
    const s = open(c);
    await connected(s);
    const text = (await t.http.inject('/metrics')).body;
    const n = Number(/messenger_open_sockets (\d+)/.exec(text)?.[1]);
    expect(n).toBeGreaterThanOrEqual(1);
  });
});
