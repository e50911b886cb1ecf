import type { Message, RoomSummary } from '@messenger/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatApi } from '../chatApi.ts';
import { ChatStore } from './chatStore.ts';

function room(id: string, over: Partial<RoomSummary> = {}): RoomSummary {
  return {
    id,
    kind: 'group',
    name: id,
    description: '',
    imageUrl: null,
    invitePolicy: 'admins',
    postPolicy: 'everyone',
    peer: null,
    memberCount: 2,
    myRole: 'member',
    pinned: false,
    muted: false,
    unreadCount: 0,
    mentioned: false,
    lastReadSeq: 0,
    lastSeq: 0,
    lastMessage: null,
    lastActivityAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

const kim = { id: 'kim', username: 'kim', nickname: '김철수', deleted: false, avatarUrl: null };

function message(roomId: string, seq: number): Message {
  return {
    id: `${roomId}-m${seq}`,
    roomId,
    seq,
    rev: seq,
    kind: 'text',
    sender: kim,
    body: `새 소식 ${seq}`,
    replyTo: null,
    mentions: { userIds: [], all: false },
    reactions: [],
    system: null,
    files: [],
    pollId: null,
    createdAt: '2026-01-02T00:00:00.000Z',
    editedAt: null,
    deletedAt: null,
  } as Message;
}

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
    store.dispatch({ type: 'messages', roomId: 'r1', messages: [message('r1', 5)], viewing: false });
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
