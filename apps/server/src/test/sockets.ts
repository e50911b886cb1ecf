import type { AddressInfo } from 'node:net';
import {
  PROTOCOL_VERSION,
  SERVER_EVENTS,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@messenger/shared';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect } from 'vitest';
import { startTestApp, type Actor, type TestApp, type TestClient } from './harness.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Listens on an ephemeral port (once) and returns its URL. */
export async function listen(t: TestApp): Promise<string> {
  if (!t.http.server.listening) await t.http.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.http.server.address() as AddressInfo).port}`;
}

/** Events a test socket received that broke the shared protocol (checked when the suite ends). */
const violations: string[] = [];

/**
 * The contract check of every realtime test: each event the server emits must be one of SERVER_EVENTS and
 * parse with its shared schema, carrying no field the schema does not declare (the web client validates
 * inbound events with the same schemas and would drop a payload that fails).
 */
export function protocolViolation(event: string, payload: unknown): string | null {
  const schema = (SERVER_EVENTS as Record<string, (typeof SERVER_EVENTS)[keyof typeof SERVER_EVENTS]>)[event];
  if (!schema) return `${event}: not in SERVER_EVENTS`;
  const parsed = schema.safeParse(payload);
  if (!parsed.success) return `${event}: ${parsed.error.message}`;
  try {
    expect(parsed.data).toEqual(payload);
  } catch {
    return `${event}: carries fields its schema does not declare: ${JSON.stringify(payload)}`;
  }
  return null;
}

/** Checks every event a socket receives against the shared protocol (see `expectProtocolKept`). */
export function watchProtocol(s: Socket): void {
  s.onAny((event: string, payload: unknown) => {
    const problem = protocolViolation(event, payload);
    if (problem) violations.push(problem);
  });
}

/** Fails the calling test file if any of its sockets received an event outside the shared protocol. */
export function expectProtocolKept(): void {
  expect(violations.splice(0)).toEqual([]);
}

/** Opens a socket with a client's cookies and waits for the server's greeting. */
export async function openSocket(url: string, client: TestClient): Promise<ClientSocket> {
  const s: ClientSocket = connect(url, {
    transports: ['websocket'],
    extraHeaders: { cookie: client.cookieHeader() },
    auth: { protocolVersion: PROTOCOL_VERSION },
    reconnection: false,
    forceNew: true,
  });
  watchProtocol(s);
  await new Promise<void>((resolve, reject) => {
    s.once('server:hello', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

/** Collects every event of one name a socket receives. */
export function collect<E extends keyof ServerToClientEvents>(
  s: ClientSocket,
  event: E,
): Parameters<ServerToClientEvents[E]>[0][] {
  const out: Parameters<ServerToClientEvents[E]>[0][] = [];
  s.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => out.push(payload)) as never);
  return out;
}

/** Resolves with the next event of that name that satisfies `match`. */
export function next<E extends keyof ServerToClientEvents>(
  s: ClientSocket,
  event: E,
  match: (p: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve) => {
    const handler = (p: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!match(p)) return;
      s.off(event, handler as never);
      resolve(p);
    };
    s.on(event, handler as never);
  });
}

/** A round trip: every event the server sent this socket before it is delivered by now. */
export async function ping(s: ClientSocket): Promise<void> {
  await s.timeout(5000).emitWithAck('system:ping');
}

/** What a realtime test file shares: the app listening on a port, sockets closed at the end, a group maker. */
export interface RealtimeSuite {
  /** The app (set once the suite's beforeAll ran). */
  app: TestApp;
  url: string;
  /** Opens a socket for an actor; every one is closed after the file's tests. */
  sock(a: Actor): Promise<ClientSocket>;
  /** Creates a group through the API (end-to-end encrypted if asked, E2E-40); returns its id. */
  group(owner: Actor, members: Actor[], name?: string, encrypted?: boolean): Promise<string>;
}

/**
 * Registers the hooks of a realtime test file (start and listen before, close sockets and app after) and
 * returns its handles. Call at the top of a `describe`.
 */
export function realtimeSuite(opts: Parameters<typeof startTestApp>[0] = {}): RealtimeSuite {
  const open: ClientSocket[] = [];
  const suite: RealtimeSuite = {
    app: undefined as unknown as TestApp,
    url: '',
    async sock(a) {
      const s = await openSocket(suite.url, a.client);
      open.push(s);
      return s;
    },
    async group(owner, members, name = 'rt', encrypted = false) {
      const res = await owner.client.request('POST', '/api/rooms', {
        kind: 'group',
        name,
        memberIds: members.map((m) => m.id),
        encrypted,
      });
      return res.json().room.id as string;
    },
  };
  beforeAll(async () => {
    suite.app = await startTestApp(opts);
    suite.url = await listen(suite.app);
  });
  afterAll(async () => {
    for (const s of open) s.disconnect();
    await suite.app.close();
    expectProtocolKept();
  });
  return suite;
}
