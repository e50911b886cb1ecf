import type { Message, RoomMember, RoomSummary } from '@messenger/shared';
import { describe, expect, it } from 'vitest';
import { chatReducer, initialChatState, type ChatState } from './chatState.ts';

const kim = { id: 'kim', username: 'kim', nickname: '김철수', deleted: false, avatarUrl: null };
const lee = { id: 'lee', username: 'lee', nickname: '이영희', deleted: false };
const renamed = { ...kim, nickname: '김부장', avatarUrl: '/uploads/avatars/kim/1' };

function dm(id: string, peer: typeof kim | typeof lee): RoomSummary {
  return {
    id,
    kind: 'direct',
    name: null,
    description: '',
    imageUrl: null,
    invitePolicy: 'admins',
    postPolicy: 'everyone',
    peer,
    memberCount: 2,
    myRole: 'member',
    pinned: false,
    muted: false,
    unreadCount: 0,
    mentioned: false,
    lastReadSeq: 0,
    lastSeq: 2,
    lastMessage: null,
    lastActivityAt: '2026-01-01T00:00:00.000Z',
    archivedAt: null,
    e2e: false,
  };
}

function msg(seq: number, sender: typeof kim | typeof lee, over: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    roomId: 'r1',
    seq,
    rev: seq,
    kind: 'text',
    sender,
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

function member(user: typeof kim | typeof lee): RoomMember {
  return { user, role: 'member', lastReadSeq: 0, joinedAt: '2026-01-01T00:00:00.000Z' } as RoomMember;
}

function loaded(): ChatState {
  let s = initialChatState('me');
  s = chatReducer(s, { type: 'rooms', rooms: [dm('r1', kim), dm('r2', lee)] });
  s = chatReducer(s, { type: 'members', roomId: 'r1', members: [member(kim), member(lee)] });
  s = chatReducer(s, {
    type: 'page',
    roomId: 'r1',
    mode: 'latest',
    page: {
      messages: [
        msg(1, kim),
        msg(2, lee, {
          replyTo: {
            id: 'm1',
            seq: 1,
            senderId: 'kim',
            senderNickname: '김철수',
            text: 'text 1',
            deleted: false,
          },
        }),
      ],
      hasMoreBefore: false,
      hasMoreAfter: false,
    },
  });
  s = chatReducer(s, { type: 'presence', userId: 'kim', presence: 'away', statusMessage: '' });
  return s;
}

describe('user:updated (FILE-12)', () => {
  it('a new nickname, image and status reach the DM peer, members, message senders, quotes and presence', () => {
    const before = loaded();
    const s = chatReducer(before, { type: 'userUpdated', user: renamed, statusMessage: '출장 중' });
    expect(s.rooms.find((r) => r.id === 'r1')?.peer).toEqual(renamed);
    expect(s.members.r1?.find((m) => m.user.id === 'kim')?.user).toEqual(renamed);
    expect(s.timelines.r1?.messages[0]?.sender).toEqual(renamed);
    expect(s.timelines.r1?.messages[1]?.replyTo?.senderNickname).toBe('김부장');
    expect(s.users.kim).toEqual(renamed);
    // Presence itself (away) is not this event's business; only the status message changes.
    expect(s.presence.kim).toEqual({ presence: 'away', statusMessage: '출장 중' });
  });

  it("the room list's preview of their latest message shows the new name", () => {
    const before = chatReducer(loaded(), {
      type: 'rooms',
      rooms: [
        {
          ...dm('r3', lee),
          kind: 'group',
          name: '기획팀',
          peer: null,
          lastMessage: {
            id: 'm9',
            seq: 9,
            senderId: 'kim',
            senderNickname: '김철수',
            text: '회의 시작합니다',
            kind: 'text',
            deleted: false,
            createdAt: '2026-01-01T00:09:00.000Z',
          },
        },
      ],
    });
    const s = chatReducer(before, { type: 'userUpdated', user: renamed, statusMessage: '' });
    expect(s.rooms.find((r) => r.id === 'r3')?.lastMessage?.senderNickname).toBe('김부장');
  });

  it('leaves what does not mention the user as it was, so memoized rows do not render again', () => {
    const before = loaded();
    const s = chatReducer(before, { type: 'userUpdated', user: renamed, statusMessage: '' });
    expect(s.rooms.find((r) => r.id === 'r2')).toBe(before.rooms.find((r) => r.id === 'r2'));
    expect(s.members.r1?.find((m) => m.user.id === 'lee')).toBe(
      before.members.r1?.find((m) => m.user.id === 'lee'),
    );
    expect(s.presence).toBe(before.presence);
    const untouched = { ...before.timelines.r1!, messages: [msg(3, lee)] };
    const other = { ...before, timelines: { ...before.timelines, r9: untouched } };
    expect(chatReducer(other, { type: 'userUpdated', user: renamed, statusMessage: '' }).timelines.r9).toBe(
      untouched,
    );
  });

  it('someone not seen before is remembered, with a status message and no presence yet', () => {
    const park = { id: 'park', username: 'park', nickname: '박', deleted: false, avatarUrl: null };
    const s = chatReducer(initialChatState('me'), { type: 'userUpdated', user: park, statusMessage: '휴가' });
    expect(s.users.park).toEqual(park);
    expect(s.presence.park).toEqual({ presence: 'offline', statusMessage: '휴가' });
  });
});
