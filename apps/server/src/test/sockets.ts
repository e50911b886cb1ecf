import type { AddressInfo } from 'node:net';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '@messenger/shared';
import { io as connect, type Socket } from 'socket.io-client';
import type { TestApp, TestClient } from './harness.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Listens on an ephemeral port (once) and returns its URL. */
export async function listen(t: TestApp): Promise<string> {
  if (!t.http.server.listening) await t.http.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.http.server.address() as AddressInfo).port}`;
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
