/**
 * Clients of the real server: users registered through the API, authenticated Socket.IO connections, rooms.
 * One bench process drives them all, so everything here is lightweight and concurrent.
 */
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '@messenger/shared';
import { io as connect, type Socket } from 'socket.io-client';
import { Browser, summarize, type LatencySummary } from './harness.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A logged-in user: id, name and the browser holding its session cookie and CSRF token. */
export interface BenchUser {
  id: string;
  username: string;
  browser: Browser;
}

/** Env values every load benchmark needs: no rate limit gets in the way of the offered load. */
export const UNLIMITED = {
  RATE_LIMIT_LOGIN: '1000000/min',
  RATE_LIMIT_REGISTER: '1000000/hour',
  RATE_LIMIT_MESSAGE: '1000000/min',
} as const;

/** A short random tag, so usernames stay unique when DATABASE_URL points at a database used before. */
export function runTag(): string {
  return Math.random().toString(36).slice(2, 7);
}

/** Runs `work` over items with at most `concurrency` in flight, keeping the results in order. */
export async function pool<T, R>(items: T[], concurrency: number, work: (item: T, i: number) => Promise<R>) {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!, i);
      }
    }),
  );
  return out;
}

/** Registers `n` users through POST /api/register, a few at a time (argon2id costs ~40 ms of CPU each). */
export async function registerUsers(url: string, prefix: string, n: number): Promise<BenchUser[]> {
  const names = Array.from({ length: n }, (_, i) => `${prefix}_${i}`);
  return pool(names, 4, async (username) => {
    const browser = new Browser(url);
    await browser.request('GET', '/api/config');
    const res = await browser.request('POST', '/api/register', { username, password: 'bench-password-1' });
    if (res.status !== 200) throw new Error(`register ${username}: ${res.status} ${await res.text()}`);
    const { user } = (await res.json()) as { user: { id: string } };
    return { id: user.id, username, browser };
  });
}

/** Creates a group room with the given members (at most 100 invitees per call); returns its id. */
export async function createGroup(owner: BenchUser, name: string, memberIds: string[]): Promise<string> {
  const res = await owner.browser.request('POST', '/api/rooms', { kind: 'group', name, memberIds });
  if (res.status !== 200) throw new Error(`create group: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { room: { id: string } }).room.id;
}

/** Opens (or finds) the direct room of two users; returns its id. */
export async function openDirect(a: BenchUser, b: BenchUser): Promise<string> {
  const res = await a.browser.request('POST', '/api/rooms', { kind: 'direct', userId: b.id });
  if (res.status !== 200) throw new Error(`open direct: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { room: { id: string } }).room.id;
}

/** Opens a WebSocket-only Socket.IO connection with a session cookie; resolves on `server:hello`. */
export function connectSocket(url: string, cookie: string, timeoutMs = 60_000): Promise<ClientSocket> {
  const s: ClientSocket = connect(url, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    auth: { protocolVersion: PROTOCOL_VERSION },
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
  });
  return new Promise((resolve, reject) => {
    s.once('server:hello', () => resolve(s));
    s.once('connect_error', (err) => {
      s.close();
      reject(err);
    });
  });
}

/** Connects one socket per cookie, `concurrency` handshakes at a time; times each handshake and the whole. */
export async function connectAll(
  url: string,
  cookies: string[],
  concurrency: number,
  onProgress?: (done: number) => void,
): Promise<{ sockets: ClientSocket[]; seconds: number; handshakeMs: LatencySummary }> {
  const times: number[] = [];
  const t0 = performance.now();
  let done = 0;
  const sockets = await pool(cookies, concurrency, async (cookie) => {
    const t = performance.now();
    const s = await connectSocket(url, cookie);
    times.push(performance.now() - t);
    if (++done % 500 === 0) onProgress?.(done);
    return s;
  });
  return { sockets, seconds: (performance.now() - t0) / 1000, handshakeMs: summarize(times) };
}

/** Closes every socket. */
export function closeAll(sockets: ClientSocket[]): void {
  for (const s of sockets) s.close();
}
