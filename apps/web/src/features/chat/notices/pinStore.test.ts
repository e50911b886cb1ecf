import type { Pin, PinState } from '@messenger/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PinsApi } from './pinsApi.ts';
import { PinStore } from './pinStore.ts';

const state: PinState = {
  id: 'pin1',
  roomId: 'r1',
  message: null,
  body: '회의실은 3층입니다',
  author: null,
  requiresAck: false,
  ackCount: 0,
  ackTotal: 2,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const pin: Pin = { ...state, acknowledgedByMe: false, myReminder: null };

/** A reply the test releases when it wants: the network's order, not the code's. */
function later<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('PIN-9: the notice store keeps a removed notice removed', () => {
  beforeEach(() => vi.stubGlobal('localStorage', new Map()));
  afterEach(() => vi.unstubAllGlobals());

  it('my own pin reply arriving after pin:removed does not bring the banner back', async () => {
    const created = later<Pin>();
    const api = { list: async () => [], create: () => created.promise } as unknown as PinsApi;
    const store = new PinStore(api, 'me');
    await store.loadRoom('r1');
    const creating = store.create('r1', { body: state.body, requiresAck: false });
    // The events of the pin and of its removal come first over the socket, the HTTP reply after.
    store.pinEvent('r1', { type: 'created', pin: state });
    store.pinEvent('r1', { type: 'removed', pinId: 'pin1' });
    created.resolve(pin);
    await creating;
    expect(store.getSnapshot().byRoom.r1).toEqual([]);
  });

  it('a notice list loaded before the removal and answered after it leaves the notice out', async () => {
    const listed = later<Pin[]>();
    const api = { list: () => listed.promise } as unknown as PinsApi;
    const store = new PinStore(api, 'me');
    const loading = store.loadRoom('r1');
    store.pinEvent('r1', { type: 'removed', pinId: 'pin1' });
    listed.resolve([pin, { ...pin, id: 'pin2' }]);
    await loading;
    expect(store.getSnapshot().byRoom.r1?.map((p) => p.id)).toEqual(['pin2']);
  });
});
