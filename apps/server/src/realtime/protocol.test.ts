import { CLIENT_COMMANDS, type ClientCommandName } from '@messenger/shared';
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import { actors, type Actor, type TestApp } from '../test/harness.ts';
import { collect, ping, realtimeSuite, type ClientSocket } from '../test/sockets.ts';

/** One malformed payload per command: a wrong type, a missing field, an out-of-range number. */
const MALFORMED: Record<ClientCommandName, unknown[]> = {
  'message:send': [null, 'hello', { id: 'not-a-uuid', roomId: 'r', body: 'hi' }, { id: uuidv7(), body: 'x' }],
  'room:read': [undefined, { roomId: 'r' }, { roomId: 'r', seq: -1 }, { roomId: 'r', seq: 1.5 }],
  sync: [[], { rooms: 'all' }, { rooms: [{ roomId: '', rev: 0 }] }],
  'typing:start': [42, {}, { roomId: 'x'.repeat(65) }],
  'typing:stop': [null, { roomId: 7 }],
  'presence:set': ['away', { away: 'yes' }, { statusMessage: 'x'.repeat(101) }],
  'admin:status:subscribe': [null, 'now', 5],
  'admin:status:unsubscribe': [[], 'stop'],
};

/** Emits a command with an ack, whatever the typed map says its payload or ack is. */
function send(s: ClientSocket, event: ClientCommandName, payload: unknown): Promise<unknown> {
  const emit = s.timeout(5000).emitWithAck as (event: string, payload: unknown) => Promise<unknown>;
  return emit.call(s.timeout(5000), event, payload);
}

describe('RT-2: every command is validated with its shared schema at the gateway', () => {
  const rt = realtimeSuite();
  let t: TestApp;
  let a: Actor;
  let b: Actor;
  let roomId: string;
  beforeAll(async () => {
    t = rt.app;
    [a, b] = (await actors(t, 'proto_a', 'proto_b')) as [Actor, Actor];
    roomId = await rt.group(a, [b]);
  });

  it('a malformed payload of each command gets the stable error ack, and the socket stays usable', async () => {
    const sa = await rt.sock(a);
    const sb = await rt.sock(b);
    const heard = [
      collect(sb, 'message:created'),
      collect(sb, 'typing:updated'),
      collect(sb, 'read:updated'),
    ];
    expect(Object.keys(MALFORMED).sort()).toEqual(Object.keys(CLIENT_COMMANDS).sort());
    for (const [event, payloads] of Object.entries(MALFORMED) as [ClientCommandName, unknown[]][]) {
      for (const payload of payloads) {
        await expect(send(sa, event, payload), `${event} ${JSON.stringify(payload)}`).resolves.toEqual({
          ok: false,
          error: { code: 'request.invalid_body', message: 'The request contains invalid values.' },
        });
      }
    }
    // Nothing happened, and the same socket still sends, types and reads.
    await ping(sb);
    expect(heard.flat()).toEqual([]);
    expect(sa.connected).toBe(true);
    const ack = await sa.timeout(5000).emitWithAck('message:send', { id: uuidv7(), roomId, body: '여전히' });
    expect(ack).toMatchObject({ ok: true, data: { message: { body: '여전히' } } });
  });

  it('a message payload keeps its own codes for an empty or too long body (MSG-2)', async () => {
    const sa = await rt.sock(a);
    await expect(send(sa, 'message:send', { id: uuidv7(), roomId, body: '  ' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'message.empty' },
    });
    const long = { id: uuidv7(), roomId, body: '가'.repeat(10_001) };
    await expect(send(sa, 'message:send', long)).resolves.toMatchObject({
      ok: false,
      error: { code: 'message.too_long' },
    });
  });

  it('typing and presence without an ack drop a malformed payload silently and go on working', async () => {
    const sa = await rt.sock(a);
    const sb = await rt.sock(b);
    const typing = collect(sb, 'typing:updated');
    sa.emit('typing:start', { roomId: 42 } as never);
    sa.emit('presence:set', { away: 'yes' } as never);
    sa.emit('typing:start', { roomId });
    await ping(sa);
    await ping(sb);
    expect(typing).toEqual([{ roomId, userId: a.id, typing: true }]);
  });
});
