import type { RoomSummary } from '@messenger/shared';
import { describe, expect, it } from 'vitest';
import { chatReducer, initialChatState, sortRooms, TYPING_TTL_MS, type ChatState } from './chatState.ts';
import { unreadMarker } from './chatStore.ts';
import { kim, msg, room } from './fixtures.ts';

const me = { id: 'me', username: 'me', nickname: '나', deleted: false };
function withRooms(...rooms: RoomSummary[]): ChatState {
  return chatReducer(initialChatState('me'), { type: 'rooms', rooms });
}

describe('chatReducer', () => {
  it('orders rooms pinned first, then by latest activity (ROOM-7)', () => {
    const rooms = sortRooms([
      room('old', { lastActivityAt: '2026-01-01T00:00:00.000Z' }),
      room('new', { lastActivityAt: '2026-01-02T00:00:00.000Z' }),
      room('pinned', { pinned: true, lastActivityAt: '2025-01-01T00:00:00.000Z' }),
    ]);
    expect(rooms.map((r) => r.id)).toEqual(['pinned', 'new', 'old']);
  });

  it('counts a live message from someone else as unread, marks a mention, and moves the room up', () => {
    let s = withRooms(room('r2', { lastActivityAt: '2026-01-01T00:05:00.000Z' }), room('r1'));
    s = chatReducer(s, {
      type: 'messages',
      roomId: 'r1',
      messages: [
        msg(1, { mentions: { userIds: ['me'], all: false }, createdAt: '2026-01-01T00:09:00.000Z' }),
      ],
      viewing: false,
    });
    const r1 = s.rooms[0]!;
    expect(r1.id).toBe('r1');
    expect(r1.unreadCount).toBe(1);
    expect(r1.mentioned).toBe(true);
    expect(r1.lastMessage?.text).toBe('text 1');
  });

  it('ROOM-7 E2E-42: a live poll or encrypted message counts as unread like text, as the server counts it; a system line does not', () => {
    let s = withRooms(room('r1'));
    s = chatReducer(s, {
      type: 'messages',
      roomId: 'r1',
      messages: [msg(1, { kind: 'poll' }), msg(2, { kind: 'e2e', body: '' }), msg(3, { kind: 'system' })],
      viewing: false,
    });
    expect(s.rooms[0]!.unreadCount).toBe(2);
  });

  it('E2E-50: a mention found inside an encrypted message marks the room while that message is unread, not after', () => {
    let s = withRooms(room('r1', { unreadCount: 2, lastSeq: 5, lastReadSeq: 3 }), room('r2'));
    s = chatReducer(s, { type: 'mentioned', roomId: 'r1', seq: 5 });
    expect(s.rooms.find((r) => r.id === 'r1')!.mentioned).toBe(true);
    // Already read: the mention of an older message leaves no mark, and nothing changes.
    const read = withRooms(room('r1', { unreadCount: 1, lastSeq: 5, lastReadSeq: 4 }));
    expect(chatReducer(read, { type: 'mentioned', roomId: 'r1', seq: 4 })).toBe(read);
    const none = withRooms(room('r1', { unreadCount: 0, lastSeq: 5, lastReadSeq: 5 }));
    expect(chatReducer(none, { type: 'mentioned', roomId: 'r1', seq: 5 })).toBe(none);
    expect(chatReducer(none, { type: 'mentioned', roomId: 'nope', seq: 9 })).toBe(none);
  });

  it('does not count a message while the room is being read, nor one of mine, nor one twice', () => {
    let s = withRooms(room('r1'));
    s = chatReducer(s, { type: 'messages', roomId: 'r1', messages: [msg(1)], viewing: true });
    s = chatReducer(s, {
      type: 'messages',
      roomId: 'r1',
      messages: [msg(2, { sender: me })],
      viewing: false,
    });
    s = chatReducer(s, {
      type: 'messages',
      roomId: 'r1',
      messages: [msg(2, { sender: me })],
      viewing: false,
    });
    expect(s.rooms[0]!.unreadCount).toBe(0);
    expect(s.rooms[0]!.lastSeq).toBe(2);
  });

  it('drops a pending entry once its message is confirmed, and moves my watermark to it', () => {
    let s = withRooms(room('r1'));
    s = chatReducer(s, {
      type: 'page',
      roomId: 'r1',
      mode: 'latest',
      page: { messages: [], hasMoreBefore: false, hasMoreAfter: false },
    });
    s = chatReducer(s, {
      type: 'pending',
      pending: [{ id: 'm3', roomId: 'r1', body: 'x', createdAt: '', status: 'pending' }],
    });
    s = chatReducer(s, { type: 'messages', roomId: 'r1', messages: [msg(3, { sender: me })], viewing: true });
    expect(s.pending).toEqual([]);
    expect(s.timelines.r1!.messages.map((m) => m.id)).toEqual(['m3']);
    expect(s.reads.r1!.get('me')).toBe(3);
  });

  it('recomputes the room unread count from the loaded timeline when my watermark moves', () => {
    let s = withRooms(room('r1', { unreadCount: 3, lastSeq: 3, mentioned: true }));
    s = chatReducer(s, {
      type: 'page',
      roomId: 'r1',
      mode: 'latest',
      page: { messages: [msg(1), msg(2), msg(3)], hasMoreBefore: false, hasMoreAfter: false },
    });
    s = chatReducer(s, { type: 'reads', roomId: 'r1', reads: [{ userId: 'me', lastReadSeq: 2 }] });
    expect(s.rooms[0]!.unreadCount).toBe(1);
    s = chatReducer(s, { type: 'reads', roomId: 'r1', reads: [{ userId: 'me', lastReadSeq: 3 }] });
    expect(s.rooms[0]!).toMatchObject({ unreadCount: 0, mentioned: false, lastReadSeq: 3 });
  });

  it('keeps watermarks forward-only and only for current members (READ-1)', () => {
    let s = withRooms(room('r1'));
    const member = (user: typeof kim, lastReadSeq: number) => ({
      user,
      role: 'member' as const,
      lastReadSeq,
      joinedAt: '',
    });
    s = chatReducer(s, { type: 'members', roomId: 'r1', members: [member(kim, 5), member(me, 5)] });
    s = chatReducer(s, { type: 'reads', roomId: 'r1', reads: [{ userId: 'kim', lastReadSeq: 3 }] });
    expect(s.reads.r1!.get('kim')).toBe(5);
    s = chatReducer(s, { type: 'members', roomId: 'r1', members: [member(me, 5)] });
    expect(s.reads.r1!.has('kim')).toBe(false);
  });

  it('ADM-1: room:changed brings every shared field, image and policies included', () => {
    let s = withRooms(room('r1'));
    s = chatReducer(s, {
      type: 'roomChanged',
      roomId: 'r1',
      name: '공지',
      description: '월요일마다',
      memberCount: 5,
      imageUrl: '/uploads/rooms/r1/2',
      invitePolicy: 'everyone',
      postPolicy: 'admins',
      archivedAt: null,
    });
    expect(s.rooms[0]).toMatchObject({
      name: '공지',
      description: '월요일마다',
      memberCount: 5,
      imageUrl: '/uploads/rooms/r1/2',
      invitePolicy: 'everyone',
      postPolicy: 'admins',
    });
  });

  it('takes my role from the member list, so an ownership transfer shows at once (ROOM-4)', () => {
    let s = withRooms(room('r1', { myRole: 'owner' }));
    const member = (user: typeof kim, role: 'owner' | 'admin' | 'member') => ({
      user,
      role,
      lastReadSeq: 0,
      joinedAt: '',
    });
    s = chatReducer(s, {
      type: 'members',
      roomId: 'r1',
      members: [member(kim, 'owner'), member(me, 'admin')],
    });
    expect(s.rooms[0]!.myRole).toBe('admin');
  });

  it('while a jumped-to page is loaded, live messages past it wait for paging but the revision advances', () => {
    let s = withRooms(room('r1'));
    s = chatReducer(s, {
      type: 'page',
      roomId: 'r1',
      mode: 'around',
      page: { messages: [msg(1), msg(2)], hasMoreBefore: false, hasMoreAfter: true },
    });
    s = chatReducer(s, { type: 'messages', roomId: 'r1', messages: [msg(9)], viewing: true });
    expect(s.timelines.r1!.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(s.timelines.r1!.rev).toBe(9);
  });

  it('counts down the room list while reading a room opened at its first unread message (newest not loaded)', () => {
    let s = withRooms(room('r1', { lastSeq: 100, lastReadSeq: 10, unreadCount: 90 }));
    s = chatReducer(s, {
      type: 'page',
      roomId: 'r1',
      mode: 'around',
      page: {
        messages: Array.from({ length: 50 }, (_, i) => msg(i + 1)),
        hasMoreBefore: false,
        hasMoreAfter: true,
      },
    });
    s = chatReducer(s, { type: 'reads', roomId: 'r1', reads: [{ userId: 'me', lastReadSeq: 30 }] });
    expect(s.rooms[0]!.unreadCount).toBe(70);
  });

  it('marks where unread messages start when a room opens, and keeps the mark while the watermark moves', () => {
    expect(unreadMarker(room('r1', { lastSeq: 120, lastReadSeq: 20, unreadCount: 90 }))).toBe(20);
    expect(unreadMarker(room('r1', { lastSeq: 120, lastReadSeq: 120, unreadCount: 0 }))).toBeNull();
    // Only my own or system messages after the watermark: nothing to mark.
    expect(unreadMarker(room('r1', { lastSeq: 5, lastReadSeq: 3, unreadCount: 0 }))).toBeNull();
    let s = withRooms(room('r1', { lastSeq: 120, lastReadSeq: 20, unreadCount: 90 }));
    s = chatReducer(s, { type: 'unreadMarker', roomId: 'r1', seq: 20 });
    s = chatReducer(s, { type: 'reads', roomId: 'r1', reads: [{ userId: 'me', lastReadSeq: 60 }] });
    expect(s.unreadMarkers.r1).toBe(20);
  });

  it('closes a room the user was removed from, with a notice', () => {
    let s = withRooms(room('r1', { name: '개발팀' }));
    s = chatReducer(s, { type: 'open', roomId: 'r1' });
    s = chatReducer(s, { type: 'roomRemoved', roomId: 'r1', reason: 'kicked' });
    expect(s.rooms).toEqual([]);
    expect(s.activeRoomId).toBeNull();
    expect(s.removedNotice).toEqual({ roomName: '개발팀', reason: 'kicked' });
  });

  it('ADMIN-2: a room archived or deleted by a server admin changes for its members as it happens', () => {
    let s = withRooms(room('r1', { name: '보관방' }));
    s = chatReducer(s, { type: 'open', roomId: 'r1' });
    const archivedAt = '2026-01-02T00:00:00.000Z';
    const change = {
      roomId: 'r1',
      name: '보관방',
      description: '',
      memberCount: 2,
      imageUrl: null,
      invitePolicy: 'admins' as const,
      postPolicy: 'everyone' as const,
    };
    s = chatReducer(s, { type: 'roomChanged', ...change, archivedAt });
    expect(s.rooms[0]!.archivedAt).toBe(archivedAt);
    s = chatReducer(s, { type: 'roomRemoved', roomId: 'r1', reason: 'deleted' });
    expect(s.rooms).toEqual([]);
    expect(s.removedNotice).toEqual({ roomName: '보관방', reason: 'deleted' });
  });

  it('records typing with an expiry and clears it on stop (TYPE-1)', () => {
    let s = initialChatState('me');
    s = chatReducer(s, { type: 'typing', roomId: 'r1', userId: 'kim', typing: true, now: 1000 });
    expect(s.typing.r1).toEqual({ kim: 1000 + TYPING_TTL_MS });
    s = chatReducer(s, { type: 'typing', roomId: 'r1', userId: 'kim', typing: false, now: 2000 });
    expect(s.typing.r1).toEqual({});
  });

  it('RET-1, RET-4: messages removed by retention leave the open timeline and the room preview; replies to them say their original was removed', () => {
    let s = withRooms(room('r1'));
    const quote = {
      id: 'm2',
      seq: 2,
      senderId: 'kim',
      senderNickname: '김철수',
      text: 'text 2',
      deleted: false,
    };
    s = chatReducer(s, {
      type: 'page',
      roomId: 'r1',
      mode: 'latest',
      page: {
        messages: [msg(1), msg(2), msg(3, { replyTo: quote }), msg(4)],
        hasMoreBefore: false,
        hasMoreAfter: false,
      },
    });
    s = chatReducer(s, { type: 'purged', roomId: 'r1', untilSeq: 2 });
    const left = s.timelines.r1!.messages;
    expect(left.map((m) => m.seq)).toEqual([3, 4]);
    expect(left[0]).toMatchObject({ replyTo: null, replyToRemoved: true, body: 'text 3' });
    expect(left[1]!.replyToRemoved).toBeUndefined();

    // The room list's preview goes when its message went.
    s = chatReducer(
      withRooms(
        room('r2', {
          lastMessage: {
            id: 'm1',
            seq: 1,
            senderId: 'kim',
            senderNickname: '김철수',
            text: 'x',
            kind: 'text',
            deleted: false,
            createdAt: '2026-01-01T00:01:00.000Z',
          },
        }),
      ),
      { type: 'purged', roomId: 'r2', untilSeq: 5 },
    );
    expect(s.rooms[0]!.lastMessage).toBeNull();
  });
});
