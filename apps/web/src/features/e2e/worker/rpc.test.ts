import { E2eCryptoError, E2eTransportError } from '@messenger/e2e-crypto';
import { describe, expect, it } from 'vitest';
import { handlersFor as handlers } from './fixtures.ts';
import {
  E2eRpcError,
  encodeError,
  RpcClient,
  serveRpc,
  type E2eHandlers,
  type FromWorker,
  type ToWorker,
} from './rpc.ts';

/** Both ends joined as a Worker would join them: messages go through structuredClone, asynchronously. */
function pair(h: E2eHandlers, csrf: () => Promise<string | null> = async () => 'fresh') {
  const toMain: FromWorker[] = [];
  const client: RpcClient = new RpcClient(
    (msg: ToWorker) => queueMicrotask(() => server.receive(structuredClone(msg))),
    csrf,
  );
  const server = serveRpc(h, (msg) => {
    toMain.push(msg);
    queueMicrotask(() => client.receive(structuredClone(msg)));
  });
  return { client, server, toMain };
}

describe('E2E worker RPC', () => {
  it('answers each call by its request id, also when answers come back out of order', async () => {
    let releaseFirst!: () => void;
    const first = new Promise<void>((r) => (releaseFirst = r));
    const { client } = pair(
      handlers({
        syncRoom: async ({ roomId }) => {
          if (roomId === 'slow') await first;
          return roomId === 'slow' ? 'waiting' : 'ready';
        },
      }),
    );
    const slow = client.call('syncRoom', { roomId: 'slow' });
    const fast = client.call('syncRoom', { roomId: 'fast' });
    expect(await fast).toBe('ready');
    releaseFirst();
    expect(await slow).toBe('waiting');
  });

  it('carries the stable code of a crypto or transport failure, and nothing of a plain error but its message', async () => {
    const { client } = pair(
      handlers({
        open: async () => {
          throw new E2eCryptoError('e2e.missing_epoch_key', 'epoch 3');
        },
        send: async () => {
          throw new E2eTransportError('e2e.stale_epoch', 'POST /api/rooms/r/e2e/messages');
        },
        edit: async () => {
          throw new TypeError('boom');
        },
      }),
    );
    const open = client.call('open', { roomId: 'r', ciphertext: 'x', expect: {} });
    await expect(open).rejects.toBeInstanceOf(E2eRpcError);
    await expect(open).rejects.toMatchObject({ code: 'e2e.missing_epoch_key' });
    await expect(
      client.call('send', { roomId: 'r', content: { type: 'text', body: 'hi' }, msgId: 'm' }),
    ).rejects.toMatchObject({ code: 'e2e.stale_epoch' });
    await expect(
      client.call('edit', { roomId: 'r', msgId: 'm', content: { type: 'text', body: 'hi' } }),
    ).rejects.toMatchObject({ code: 'device.internal', message: 'boom' });
  });

  it('lets the worker ask the page for a fresh CSRF token in the middle of a call', async () => {
    let asked = 0;
    const p = pair(
      handlers({
        start: async () => {
          const token = await p.server.askCsrf();
          return token === 'fresh' ? { status: 'ready', deviceId: 'd_1' } : { status: 'unsupported' };
        },
      }),
      async () => {
        asked++;
        return 'fresh';
      },
    );
    expect(await p.client.call('start', { uid: 'u', csrfToken: 'stale', claim: false })).toEqual({
      status: 'ready',
      deviceId: 'd_1',
    });
    expect(asked).toBe(1);
  });

  it('fails every waiting call when the worker goes away', async () => {
    const { client } = pair(handlers({ syncRoom: () => new Promise(() => {}) }));
    const waiting = client.call('syncRoom', { roomId: 'r' });
    client.failAll('device.stopped');
    await expect(waiting).rejects.toMatchObject({ code: 'device.stopped' });
  });

  it('keeps only dotted codes from thrown values', () => {
    expect(encodeError(Object.assign(new Error('x'), { code: 'room.e2e_unsupported' }))).toEqual({
      code: 'room.e2e_unsupported',
      message: 'x',
    });
    expect(encodeError(Object.assign(new Error('x'), { code: 'ENOENT' })).code).toBe('device.internal');
    expect(encodeError('text')).toEqual({ code: 'device.internal', message: 'text' });
  });
});
