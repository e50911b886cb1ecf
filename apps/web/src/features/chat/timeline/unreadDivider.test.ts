import type { Message } from '@messenger/shared';
import { describe, expect, it } from 'vitest';
import { toItems } from '../model/timeline.ts';
import { withUnreadDivider } from './unreadDivider.ts';

const kim = { id: 'kim', username: 'kim', nickname: '김철수', deleted: false };
const me = { id: 'me', username: 'me', nickname: '나', deleted: false };

function msg(seq: number, sender = kim): Message {
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
  };
}

const keys = (items: { key: string }[]) => items.map((i) => i.key);

describe('unread divider', () => {
  it('goes before the first message from someone else past the watermark, which starts a new group', () => {
    const items = toItems([msg(1), msg(2), msg(3), msg(4)], []);
    const { items: out, index } = withUnreadDivider(items, 2, 'me');
    expect(keys(out)).toEqual(['d-2026-01-01', 'm1', 'm2', 'unread', 'm3', 'm4']);
    expect(index).toBe(3);
    const after = out[4]!;
    expect(after.type === 'message' && after.continued).toBe(false);
  });

  it('skips my own messages and is absent when nothing is unread', () => {
    const items = toItems([msg(1), msg(2, me), msg(3)], []);
    expect(keys(withUnreadDivider(items, 1, 'me').items)).toEqual([
      'd-2026-01-01',
      'm1',
      'm2',
      'unread',
      'm3',
    ]);
    expect(withUnreadDivider(items, null, 'me').index).toBeNull();
    expect(withUnreadDivider(items, 3, 'me').index).toBeNull();
  });
});
