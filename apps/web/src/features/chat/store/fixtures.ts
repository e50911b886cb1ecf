import type { Message, RoomSummary } from '@messenger/shared';

/** Test data for the chat store's tests: a person, a room as listed, a text message. */
export const kim = { id: 'kim', username: 'kim', nickname: '김철수', deleted: false };

/** A group room as the room list shows it; `over` changes any field. */
export function room(id: string, over: Partial<RoomSummary> = {}): RoomSummary {
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
    archivedAt: null,
    e2e: false,
    ...over,
  };
}

/** A text message from kim in room r1 (by default) with sequence `seq`. */
export function msg(seq: number, over: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    roomId: 'r1',
    seq,
    rev: seq,
    kind: 'text',
    sender: kim,
    body: `text ${seq}`,
    replyTo: null,
    mentions: { userIds: [], all: false },
    reactions: [],
    system: null,
    files: [],
    createdAt: `2026-01-01T00:0${seq}:00.000Z`,
    editedAt: null,
    deletedAt: null,
    ...over,
  };
}
