import type { RoomSummary } from '@messenger/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatApi } from '../chatApi.ts';
import { ChatStore } from './chatStore.ts';
import { msg, room } from './fixtures.ts';

/** A store whose room-list requests are answered when the test says so. */
function storeWithSlowList() {
  const answers: ((rooms: RoomSummary[]) => void)[] = [];
  const api = {
    rooms: () => new Promise<RoomSummary[]>((resolve) => answers.push(resolve)),
  } as unknown as ChatApi;
  return { store: new ChatStore(api, 'me'), answer: (rooms: RoomSummary[]) => answers.shift()!(rooms) };
}

describe('room list requests racing live events (ROOM-7)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('a room added, a message received and a room removed while the list was on its way all survive it', async () => {
    vi.stubGlobal('location', { hash: '' });
    const { store, answer } = storeWithSlowList();
    const loaded = store.loadRooms();
    // While the (older) answer travels: a new group arrives, a message lands in r1, and r2 is left.
    store.dispatch({ type: 'room', room: room('new') });
    store.dispatch({ type: 'messages', roomId: 'r1', messages: [msg(5)], viewing: false });
    store.dispatch({ type: 'roomRemoved', roomId: 'r2', reason: 'left' });
    answer([room('r1', { lastSeq: 4 }), room('r2'), room('r3')]);
    await loaded;
    const ids = store.getState().rooms.map((r) => r.id);
    expect(ids.sort()).toEqual(['new', 'r1', 'r3']);
    expect(store.getState().roomsLoaded).toBe(true);
  });

  it('two loads racing: a message for a room not held yet does not let the older answer overrule the newer', async () => {
    vi.stubGlobal('location', { hash: '' });
    const { store, answer } = storeWithSlowList();
    const first = store.loadRooms();
    const second = store.loadRooms();
    // The message lands before either answer: this client holds no room yet, so nothing changed here.
    store.dispatch({ type: 'messages', roomId: 'r1', messages: [msg(5)], viewing: false });
    const before = '2026-01-01T00:00:00.000Z';
    const after = '2026-01-01T00:00:05.000Z';
    // The first answer was read before the message, the second after it.
    answer([room('r2', { lastActivityAt: before }), room('r1', { lastSeq: 4, lastActivityAt: before })]);
    await first;
    answer([room('r1', { lastSeq: 5, lastActivityAt: after }), room('r2', { lastActivityAt: before })]);
    await second;
    const rooms = store.getState().rooms;
    expect(rooms.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(rooms[0]!.lastSeq).toBe(5);
  });

  it('without events in between, the list is taken as it is', async () => {
    vi.stubGlobal('location', { hash: '' });
    const { store, answer } = storeWithSlowList();
    store.dispatch({ type: 'room', room: room('stale') });
    const loaded = store.loadRooms();
    answer([room('r1')]);
    await loaded;
    expect(store.getState().rooms.map((r) => r.id)).toEqual(['r1']);
  });
});
