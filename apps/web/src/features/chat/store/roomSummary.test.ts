import { describe, expect, it } from 'vitest';
import { msg, room } from './fixtures.ts';
import { roomAfterMessages } from './roomSummary.ts';

describe('the room list counts live messages as the server does (ROOM-7, E2E-42)', () => {
  it('E2E-112: an encrypted message and a poll raise the unread number live; system messages and my own do not', () => {
    const r = room('r1', { kind: 'direct', e2e: true });
    const after = roomAfterMessages(
      r,
      [
        msg(1, { kind: 'e2e', body: '', ciphertext: 'ct' }),
        msg(2, { kind: 'poll' }),
        msg(3, { kind: 'system', sender: null }),
      ],
      'me',
      false,
    );
    expect(after.unreadCount).toBe(2);
    expect(after.lastMessage?.kind).toBe('system');
    const mine = roomAfterMessages(
      after,
      [msg(4, { kind: 'e2e', sender: { ...msg(4).sender!, id: 'me' } })],
      'me',
      false,
    );
    expect(mine.unreadCount).toBe(0);
  });
});
