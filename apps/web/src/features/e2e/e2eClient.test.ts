import { describe, expect, it } from 'vitest';
import { E2eClient, type WorkerLike } from './e2eClient.ts';
import { roomState } from './useE2eRoom.ts';
import { handlersFor } from './worker/fixtures.ts';
import { serveRpc, type E2eHandlers, type FromWorker, type ToWorker } from './worker/rpc.ts';

/** A worker in the same thread: the real RPC over structured clones, with the test's handlers. */
function fakeWorker(over: Partial<E2eHandlers>) {
  const h = handlersFor(over);
  let terminated = false;
  const worker: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage: (msg: ToWorker) => queueMicrotask(() => server.receive(structuredClone(msg))),
    terminate: () => void (terminated = true),
  };
  const server = serveRpc(h, (msg: FromWorker) =>
    queueMicrotask(() => worker.onmessage?.({ data: structuredClone(msg) } as MessageEvent<FromWorker>)),
  );
  return { worker, terminated: () => terminated };
}

function client(over: Partial<E2eHandlers>) {
  const fake = fakeWorker({ start: async () => ({ status: 'ready', deviceId: 'd_1' }), ...over });
  const c = new E2eClient({ uid: 'u_1', csrf: async () => 'token', spawn: () => fake.worker });
  return { c, fake };
}

describe('E2E client (UI thread)', () => {
  it('syncs a room once more when asked again while a sync runs, and reports the last answer', async () => {
    const answers: ('waiting' | 'ready')[] = ['waiting', 'ready'];
    let runs = 0;
    const { c } = client({
      syncRoom: async () => {
        runs++;
        return answers.shift()!;
      },
    });
    await c.start();
    const first = c.syncRoom('r1');
    const second = c.syncRoom('r1');
    expect(await first).toEqual({ state: 'ready' });
    expect(await second).toEqual({ state: 'ready' });
    expect(runs).toBe(2);
    expect(c.roomStatus('r1')).toEqual({ state: 'ready' });
  });

  it('keeps a ready room usable when a later sync fails, saying why', async () => {
    let first = true;
    const { c } = client({
      syncRoom: async () => {
        if (first) return ((first = false), 'ready');
        throw Object.assign(new Error('pin'), { code: 'e2e.identity_changed' });
      },
    });
    await c.start();
    await c.syncRoom('r1');
    expect(await c.syncRoom('r1')).toEqual({ state: 'ready', warning: 'e2e.identity_changed' });
  });

  it("E2E-45: says when the account's key is not in this browser, and makes a new identity only when asked", async () => {
    const starts: (boolean | undefined)[] = [];
    const { c } = client({
      start: async ({ reset }) => {
        starts.push(reset);
        return reset ? { status: 'ready', deviceId: 'd_new' } : { status: 'reset-needed' };
      },
    });
    await c.start();
    expect(c.getStatus()).toEqual({ state: 'reset-needed' });
    expect(roomState(c.getStatus(), undefined)).toEqual({ state: 'reset-needed' });
    await c.resetIdentity();
    expect(c.getStatus()).toEqual({ state: 'ready', deviceId: 'd_new' });
    expect(starts).toEqual([false, true]);
  });

  it('refuses to send while this device waits to be added, without calling send', async () => {
    let sent = 0;
    const { c } = client({
      syncRoom: async () => 'waiting',
      send: async () => {
        sent++;
        return { id: 'm' };
      },
    });
    await c.start();
    await expect(c.send('r1', { type: 'text', body: 'hi' }, 'm')).rejects.toMatchObject({
      code: 'device.waiting',
    });
    expect(sent).toBe(0);
  });

  it('opens a message of an epoch it has not seen yet after catching the room up', async () => {
    let synced = false;
    const { c } = client({
      syncRoom: async () => {
        synced = true;
        return 'ready';
      },
      open: async () => {
        if (!synced) throw Object.assign(new Error('no key'), { code: 'e2e.missing_epoch_key' });
        return { content: { type: 'text', body: 'hello' }, sender: { uid: 'u_2', did: 'd_2' } };
      },
    });
    await c.start();
    const opened = await c.open('r1', 'ct', { msgId: 'm', senderUid: 'u_2' });
    expect(opened.content.body).toBe('hello');
  });

  it('E2E-69: a message of an epoch before this device joined restores the room history once, then opens', async () => {
    let restores = 0;
    const { c } = client({
      syncRoom: async () => 'ready',
      restoreHistory: async () => {
        restores++;
        return 2;
      },
      open: async ({ ciphertext }) => {
        if (restores === 0 || ciphertext === 'never')
          throw Object.assign(new Error('no key'), { code: 'e2e.missing_epoch_key' });
        return { content: { type: 'text', body: ciphertext }, sender: { uid: 'u_2', did: 'd_2' } };
      },
    });
    await c.start();
    const [a, b] = await Promise.all([c.open('r1', 'one', {}), c.open('r1', 'two', {})]);
    expect([a.content.body, b.content.body]).toEqual(['one', 'two']);
    // A message no backup covers fails with its code, and the room is not restored again.
    await expect(c.open('r1', 'never', {})).rejects.toMatchObject({ code: 'e2e.missing_epoch_key' });
    expect(restores).toBe(1);
  });

  it('E2E-69: "Enter recovery key" answers a wrong key with its code and stays reset-needed; the right one makes the device ready', async () => {
    const { c } = client({
      start: async () => ({ status: 'reset-needed' }),
      recover: async ({ recoveryKey }) => {
        if (recoveryKey !== 'right') throw Object.assign(new Error('no'), { code: 'e2e.recovery_key_wrong' });
        return { status: 'ready', deviceId: 'd_9' };
      },
    });
    await c.start();
    expect(c.getStatus()).toEqual({ state: 'reset-needed' });
    await expect(c.recover('wrong')).rejects.toMatchObject({ code: 'e2e.recovery_key_wrong' });
    expect(c.getStatus()).toEqual({ state: 'reset-needed' });
    await c.recover('right');
    expect(c.getStatus()).toEqual({ state: 'ready', deviceId: 'd_9' });
  });

  it('E2E-109: a link is begun only without the key here, and the device becomes ready when it is answered', async () => {
    const steps: ('requested' | 'accepted' | 'ready')[] = ['requested', 'accepted', 'ready'];
    const synced: string[] = [];
    const { c } = client({
      start: async () => ({ status: 'reset-needed' }),
      syncRoom: async ({ roomId }) => (synced.push(roomId), 'ready'),
      linkBegin: async ({ uid, csrfToken }) => ({ linkId: `l_${uid}_${csrfToken}`, qr: 'QR' }),
      linkPoll: async () => {
        const stage = steps.shift()!;
        return stage === 'ready'
          ? { stage, code: null, deviceId: 'd_linked' }
          : { stage, code: stage === 'accepted' ? '12345678' : null };
      },
    });
    await c.start();
    void c.syncRoom('r1');
    expect(await c.linkBegin()).toEqual({ linkId: 'l_u_1_token', qr: 'QR' });
    expect((await c.linkPoll('l')).code).toBeNull();
    expect(await c.linkPoll('l')).toEqual({ stage: 'accepted', code: '12345678' });
    expect(c.getStatus()).toEqual({ state: 'reset-needed' });
    await c.linkPoll('l');
    expect(c.getStatus()).toEqual({ state: 'ready', deviceId: 'd_linked' });
    await expect.poll(() => synced).toContain('r1');
    // Once the key is here there is nothing to link from.
    await expect(c.linkBegin()).rejects.toMatchObject({ code: 'device.ready' });
  });

  it('says the device is in another tab, and opens it here when asked to (waiting for the lock)', async () => {
    const claims: boolean[] = [];
    const { c } = client({
      start: async ({ claim }) => {
        claims.push(claim);
        return claim ? { status: 'ready', deviceId: 'd_1' } : { status: 'elsewhere' };
      },
    });
    await c.start();
    expect(c.getStatus()).toEqual({ state: 'elsewhere' });
    await expect(c.open('r1', 'ct', {})).rejects.toMatchObject({ code: 'device.elsewhere' });
    await c.claim();
    expect(c.getStatus()).toEqual({ state: 'ready', deviceId: 'd_1' });
    expect(claims).toEqual([false, true]);
  });

  it('wipes through the worker, then stops it', async () => {
    const wiped: string[] = [];
    const { c, fake } = client({
      wipe: async ({ uid }) => {
        wiped.push(uid);
        return null;
      },
    });
    await c.start();
    await c.wipe();
    expect(wiped).toEqual(['u_1']);
    expect(fake.terminated()).toBe(true);
  });

  it('does not let a stuck worker hold up a logout: it is stopped after a while', async () => {
    const { c, fake } = client({ wipe: () => new Promise(() => {}) });
    await c.start();
    await c.wipe(10);
    expect(fake.terminated()).toBe(true);
  });

  it('tells the cache to try again only when a room becomes ready, not on every sync of a ready room', async () => {
    const answers: ('waiting' | 'ready')[] = ['waiting', 'ready', 'ready'];
    const { c } = client({ syncRoom: async () => answers.shift()! });
    const ready: string[] = [];
    c.onRoomReady((roomId) => ready.push(roomId));
    await c.start();
    await c.syncRoom('r1');
    expect(ready).toEqual([]);
    await c.syncRoom('r1');
    await c.syncRoom('r1');
    expect(ready).toEqual(['r1']);
  });

  it("combines the device's and the room's state: the device decides unless it is ready", () => {
    expect(roomState({ state: 'elsewhere' }, { state: 'ready' })).toEqual({ state: 'elsewhere' });
    expect(roomState({ state: 'unsupported' }, undefined)).toEqual({ state: 'unsupported' });
    expect(roomState({ state: 'ready', deviceId: 'd' }, undefined)).toEqual({ state: 'syncing' });
    expect(roomState({ state: 'ready', deviceId: 'd' }, { state: 'waiting' })).toEqual({ state: 'waiting' });
  });
});
