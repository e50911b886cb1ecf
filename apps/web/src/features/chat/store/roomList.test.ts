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
