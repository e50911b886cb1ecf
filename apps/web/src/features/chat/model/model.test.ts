import type { Message } from '@messenger/shared';
import { describe, expect, it } from 'vitest';
import { shouldSend } from './keys.ts';
import { Drafts, Outbox } from './outbox.ts';
import { applyMessages, emptyTimeline, hasGapBefore, mergeReads, toItems, unreadCount } from './timeline.ts';

function msg(seq: number, over: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    roomId: 'r',
    seq,
    rev: seq,
    kind: 'text',
    sender: { id: 'alice', username: 'alice', nickname: 'Alice', deleted: false },
    body: `text ${seq}`,
    replyTo: null,
    mentions: { userIds: [], all: false },
    reactions: [],
    system: null,
    files: [],
    createdAt: new Date(Date.UTC(2026, 10, 22, 1, seq)).toISOString(),
    editedAt: null,
    deletedAt: null,
    ...over,
  };
}

class MemoryStorage {
  readonly map = new Map<string, string>();
  getItem = (k: string) => this.map.get(k) ?? null;
  setItem = (k: string, v: string) => void this.map.set(k, v);
  removeItem = (k: string) => void this.map.delete(k);
}

describe('chat timeline model', () => {
  it('RT-3: keeps messages sorted and unique, and never lets an older revision undo a newer one', () => {
    let t = applyMessages(emptyTimeline, [msg(3), msg(1), msg(2)]);
    t = applyMessages(t, [msg(2), msg(4)]);
    expect(t.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    t = applyMessages(t, [msg(2, { rev: 10, body: 'edited', editedAt: '2026-11-22T02:00:00.000Z' })]);
    t = applyMessages(t, [msg(2, { rev: 5, body: 'stale' })]);
    expect(t.messages[1]!.body).toBe('edited');
    expect(t.rev).toBe(10);
  });

  it('RT-3: notices a gap when a live message skips sequences', () => {
    const t = applyMessages(emptyTimeline, [msg(1), msg(2)]);
    expect(hasGapBefore(t, msg(3))).toBe(false);
    expect(hasGapBefore(t, msg(5))).toBe(true);
  });

  it('READ-1: unread count per message from watermarks, sender excluded; watermarks only go up', () => {
    let reads = mergeReads(new Map(), [
      { userId: 'alice', lastReadSeq: 5 },
      { userId: 'bob', lastReadSeq: 2 },
      { userId: 'carol', lastReadSeq: 4 },
    ]);
    expect(unreadCount(msg(3), reads)).toBe(1);
    expect(unreadCount(msg(5), reads)).toBe(2);
    reads = mergeReads(reads, [
      { userId: 'bob', lastReadSeq: 9 },
      { userId: 'carol', lastReadSeq: 1 },
    ]);
    expect(unreadCount(msg(5), reads)).toBe(1);
    expect(unreadCount(msg(5, { kind: 'system', sender: null }), reads)).toBe(0);
  });

  it('groups by sender within 5 minutes and divides days in the viewer’s time zone', () => {
    const items = toItems(
      [
        msg(1),
        msg(2),
        msg(3, { sender: { id: 'bob', username: 'bob', nickname: 'Bob', deleted: false } }),
        msg(4, { createdAt: '2026-11-22T15:30:00.000Z' }),
      ],
      [],
      'Asia/Seoul',
    );
    expect(
      items.map((i) =>
        i.type === 'date' ? i.date : i.type === 'message' ? `${i.message.seq}${i.continued ? '+' : ''}` : 'p',
      ),
    ).toEqual(['2026-11-22', '1', '2+', '3', '2026-11-23', '4']);
  });

  it('divides days at the viewer’s own midnight when no time zone is given (as the app renders)', () => {
    const local = (h: number, min: number, day = 22) => new Date(2026, 10, day, h, min).toISOString();
    const items = toItems([msg(1, { createdAt: local(23, 58) }), msg(2, { createdAt: local(0, 1, 23) })], []);
    expect(items.filter((i) => i.type === 'date').map((i) => i.type === 'date' && i.date)).toEqual([
      '2026-11-22',
      '2026-11-23',
    ]);
  });
});

describe('composer', () => {
  it('Enter sends, Shift+Enter does not, and nothing sends while the IME composes', () => {
    expect(shouldSend({ key: 'Enter', shiftKey: false, isComposing: false })).toBe(true);
    expect(shouldSend({ key: 'Enter', shiftKey: true, isComposing: false })).toBe(false);
    expect(shouldSend({ key: 'Enter', shiftKey: false, isComposing: true })).toBe(false);
    expect(shouldSend({ key: 'Enter', shiftKey: false, isComposing: false, keyCode: 229 })).toBe(false);
    expect(shouldSend({ key: 'a', shiftKey: false, isComposing: false })).toBe(false);
  });

  it('the outbox and drafts survive a reload (a new instance on the same storage)', () => {
    const storage = new MemoryStorage();
    new Outbox(storage).add({
      id: 'x',
      roomId: 'r1',
      body: '보내는 중',
      createdAt: '2026-11-22T00:00:00Z',
      status: 'pending',
    });
    new Outbox(storage).update('x', { status: 'failed', errorCode: 'server.internal' });
    new Drafts(storage).set('r1', '쓰던 글');
    const outbox = new Outbox(storage);
    expect(outbox.forRoom('r1')).toEqual([
      {
        id: 'x',
        roomId: 'r1',
        body: '보내는 중',
        createdAt: '2026-11-22T00:00:00Z',
        status: 'failed',
        errorCode: 'server.internal',
      },
    ]);
    expect(new Drafts(storage).get('r1')).toBe('쓰던 글');
    outbox.remove('x');
    new Drafts(storage).set('r1', '  ');
    expect(storage.map.size).toBe(0);
  });
});

describe('emoji picker data', () => {
  it('MSG-8: every bundled emoji is one RGI emoji the server accepts, found by Korean or English words', async () => {
    const { Emoji } = await import('@messenger/shared');
    const { EMOJI_CATEGORIES, QUICK_REACTIONS, searchEmoji } = await import('./emoji.ts');
    const all = [...EMOJI_CATEGORIES.flatMap((c) => c.emoji.map((x) => x.char)), ...QUICK_REACTIONS];
    for (const ch of all) expect(Emoji.safeParse(ch).success, ch).toBe(true);
    expect(searchEmoji('축하').map((x) => x.char)).toEqual(expect.arrayContaining(['🥳', '🎉']));
    expect(searchEmoji('thumbs up').map((x) => x.char)).toEqual(['👍']);
  });
});

describe('notifications', () => {
  it('notify for all, mentions only or none; muted rooms only for mentions; never for one’s own', async () => {
    const { shouldNotify, titleWithUnread } = await import('./notify.ts');
    const plain = msg(1, { sender: { id: 'bob', username: 'bob', nickname: 'Bob', deleted: false } });
    const mention = msg(2, { sender: plain.sender, mentions: { userIds: ['me'], all: false } });
    const base = { userId: 'me', global: 'all' as const, muted: false, viewing: false };
    expect(shouldNotify(plain, base)).toBe(true);
    expect(shouldNotify(plain, { ...base, viewing: true })).toBe(false);
    expect(shouldNotify(plain, { ...base, muted: true })).toBe(false);
    expect(shouldNotify(mention, { ...base, muted: true })).toBe(true);
    expect(shouldNotify(plain, { ...base, global: 'mentions' })).toBe(false);
    expect(shouldNotify(plain, { ...base, global: 'mentions', room: 'all' })).toBe(true);
    expect(shouldNotify(mention, { ...base, room: 'none' })).toBe(false);
    expect(shouldNotify(msg(3), { ...base, userId: 'alice' })).toBe(false);
    // An encrypted message notifies like a text one (its words stay out of the notification).
    const encrypted = msg(4, { sender: plain.sender, kind: 'e2e', body: '', ciphertext: 'x' });
    expect(shouldNotify(encrypted, base)).toBe(true);
    expect(shouldNotify(msg(5, { sender: plain.sender, kind: 'system' }), base)).toBe(false);
    expect(
      titleWithUnread('메신저', [
        { unreadCount: 2, muted: false },
        { unreadCount: 5, muted: true },
      ]),
    ).toBe('(2) 메신저');
    expect(titleWithUnread('메신저', [])).toBe('메신저');
  });
});
