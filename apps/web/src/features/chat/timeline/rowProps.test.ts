import type { Message } from '@messenger/shared';
import { describe, expect, it } from 'vitest';
import { toItems, unreadCount } from '../model/timeline.ts';
import { messageRowProps, rowPropsEqual, type RowActions, type RowContext } from './rowProps.ts';

const kim = { id: 'kim', username: 'kim', nickname: '김철수', deleted: false };
const lee = { id: 'lee', username: 'lee', nickname: '이영희', deleted: false };

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

const actions = {} as RowActions;
const isMention = (u: string) => u === 'all';

/** The context the list builds on each render: fresh functions every time, like the real one. */
function context(reads: Map<string, number>, over: Partial<RowContext> = {}): RowContext {
  return {
    meId: 'me',
    canModerate: false,
    readOnly: false,
    myUsername: 'me',
    editingId: null,
    highlight: null,
    unread: (m) => unreadCount(m, reads),
    isMention,
    systemLine: (m) => m.body,
    actions,
    ...over,
  };
}

function rows(messages: Message[], ctx: RowContext) {
  return new Map(
    toItems(messages, []).flatMap((i) =>
      i.type === 'message' ? [[i.message.id, messageRowProps(i.message, i.continued, ctx)] as const] : [],
    ),
  );
}

describe('memoized message rows', () => {
  const reads = new Map([
    ['me', 2],
    ['lee', 2],
  ]);
  const before = [msg(1), msg(2, lee)];
  const old = rows(before, context(reads));

  it('a new message or a typing update (a new render with the same data) leaves earlier rows equal', () => {
    const after = rows([...before, msg(3, lee)], context(reads));
    expect(rowPropsEqual(old.get('m1')!, after.get('m1')!)).toBe(true);
    expect(rowPropsEqual(old.get('m2')!, after.get('m2')!)).toBe(true);
    const typing = rows(before, context(new Map(reads)));
    expect(rowPropsEqual(old.get('m1')!, typing.get('m1')!)).toBe(true);
  });

  it('a row renders again when its own data changes: edit, unread number, editing, highlight', () => {
    const edited = { ...msg(1), body: 'changed', rev: 9 };
    expect(rowPropsEqual(old.get('m1')!, rows([edited, msg(2, lee)], context(reads)).get('m1')!)).toBe(false);
    const readMore = rows(
      before,
      context(
        new Map([
          ['me', 2],
          ['lee', 2],
          ['kim', 2],
        ]),
      ),
    );
    // kim joined the count: their own message m1 is unaffected, lee's m2 now has kim as a reader.
    expect(rowPropsEqual(old.get('m1')!, readMore.get('m1')!)).toBe(true);
    expect(rowPropsEqual(old.get('m2')!, readMore.get('m2')!)).toBe(true);
    const unreadByKim = rows(
      before,
      context(
        new Map([
          ['me', 2],
          ['lee', 2],
          ['kim', 1],
        ]),
      ),
    );
    expect(rowPropsEqual(old.get('m2')!, unreadByKim.get('m2')!)).toBe(false);
    const editing = rows(before, context(reads, { editingId: 'm2' }));
    expect(rowPropsEqual(old.get('m1')!, editing.get('m1')!)).toBe(true);
    expect(rowPropsEqual(old.get('m2')!, editing.get('m2')!)).toBe(false);
    const highlighted = rows(before, context(reads, { highlight: 'm1' }));
    expect(rowPropsEqual(old.get('m1')!, highlighted.get('m1')!)).toBe(false);
  });
});
