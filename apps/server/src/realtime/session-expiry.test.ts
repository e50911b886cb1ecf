import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../test/harness.ts';
import { expectProtocolKept, listen, openSocket, ping, type ClientSocket } from '../test/sockets.ts';

const MINUTE = 60_000;

describe('AUTH-12: sockets of sessions that end on their own are disconnected', () => {
  let t: TestApp;
  let url: string;
  let now = Date.UTC(2026, 10, 1);
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    // A short idle timeout and a sweep every few milliseconds: the test moves the clock and awaits events.
    t = await startTestApp({
      env: { SESSION_TIMEOUT_HOURS: '1', SESSION_ABSOLUTE_DAYS: '1' },
      build: { now: () => now, sessionSweepMs: 10 },
    });
    url = await listen(t);
  });
  afterAll(expectProtocolKept);
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
  });

  let n = 0;
  async function login(): Promise<{
    client: TestClient;
    socket: ClientSocket;
    sessionId: string;
    username: string;
  }> {
    const client = t.client();
    const username = `expiry_${++n}_${Math.random().toString(36).slice(2, 6)}`;
    expect((await client.register(username)).statusCode).toBe(200);
    const socket = await openSocket(url, client);
    sockets.push(socket);
    const list = (await client.request('GET', '/api/me/sessions')).json().sessions as {
      id: string;
      current: boolean;
    }[];
    return { client, socket, sessionId: list.find((s) => s.current)!.id, username };
  }

  /** Resolves with the `session:revoked` payload once the server has disconnected the socket. */
  function ended(s: ClientSocket): Promise<{ reason: string; code: string; disconnect: string }> {
    return new Promise((resolve) => {
      let payload = { reason: '', code: '' };
      s.once('session:revoked', (p) => (payload = p));
      s.once('disconnect', (disconnect) => resolve({ ...payload, disconnect }));
    });
  }

  it('AUTH-12: an idle session’s socket hears session:revoked (expired) and is disconnected; a socket in use stays', async () => {
    const idle = await login();
    const active = await login();
    const idleEnded = ended(idle.socket);

    // 50 minutes on, the active user does something over the socket: that is use of the session.
    now += 50 * MINUTE;
    active.socket.emit('presence:set', { away: false });
    const seenAt = new Date(now).toISOString();
    const other = t.client();
    // Another login of the same user watches last-seen; it must not touch the active session itself.
    await other.login(active.username);
    await expect
      .poll(async () => {
        const list = (await other.request('GET', '/api/me/sessions')).json().sessions;
        return list.find((s: { id: string }) => s.id === active.sessionId)?.lastSeenAt;
      })
      .toBe(seenAt);

    // An hour after login the idle session has expired; the other one was used 11 minutes ago.
    now += 11 * MINUTE;
    expect(await idleEnded).toEqual({
      reason: 'expired',
      code: 'auth.session_expired',
      disconnect: 'io server disconnect',
    });
    // The sweep that ended the idle socket looked at the active one too, and left it connected.
    await ping(active.socket);
    expect(active.socket.connected).toBe(true);
    expect((await idle.client.request('GET', '/api/me')).json().code).toBe('auth.session_expired');
  });

  it('AUTH-12: a session past its absolute expiry loses its socket even while in use', async () => {
    const user = await login();
    const gone = ended(user.socket);
    // Used every 50 minutes for just over a day: never idle, but past SESSION_ABSOLUTE_DAYS.
    for (let used = 0; used < 29; used++) {
      now += 50 * MINUTE;
      await t.services.sessions.markUsed(user.sessionId);
    }
    expect(await gone).toMatchObject({ reason: 'expired', code: 'auth.session_expired' });
  });

  it('AUTH-12: a socket whose session was revoked without the news reaching it is disconnected too', async () => {
    const user = await login();
    const gone = ended(user.socket);
    // As if the revocation's broadcast had been lost (another process, a Redis outage).
    await t.db.kysely
      .updateTable('sessions')
      .set({ revoked_at: now, revoked_reason: 'logout' })
      .where('id', '=', user.sessionId)
      .execute();
    expect(await gone).toEqual({
      reason: 'logout',
      code: 'auth.session_revoked',
      disconnect: 'io server disconnect',
    });
  });
});
