import type { Pin } from '@messenger/shared';
import { describe, expect, it } from 'vitest';
import { applyPinEvent, bannerPin, mayPost, needsMyAck } from './pinModel.ts';

const user = (id: string) => ({ id, username: id, nickname: id, deleted: false });
const pin = (id: string, over: Partial<Pin> = {}): Pin => ({
  id,
  roomId: 'r',
  message: null,
  body: `notice ${id}`,
  author: user('author'),
  requiresAck: true,
  ackCount: 0,
  ackTotal: 2,
  createdAt: '2026-12-01T00:00:00.000Z',
  acknowledgedByMe: false,
  ...over,
});

describe('notice rules of the client', () => {
  it('PIN-9: created notices go first once; removed ones go; acknowledgements count and mark mine', () => {
    const { acknowledgedByMe: _, ...state } = pin('p2');
    let pins = applyPinEvent([pin('p1')], { type: 'created', pin: state });
    expect(pins.map((p) => p.id)).toEqual(['p2', 'p1']);
    expect(applyPinEvent(pins, { type: 'created', pin: state })).toBe(pins);
    pins = applyPinEvent(pins, { type: 'acknowledged', pinId: 'p1', byMe: false, ackCount: 1 });
    expect(pins[1]).toMatchObject({ ackCount: 1, acknowledgedByMe: false });
    pins = applyPinEvent(pins, { type: 'acknowledged', pinId: 'p1', byMe: true, ackCount: 2 });
    expect(pins[1]).toMatchObject({ ackCount: 2, acknowledgedByMe: true });
    expect(applyPinEvent(pins, { type: 'removed', pinId: 'p2' }).map((p) => p.id)).toEqual(['p1']);
  });

  it('PIN-7: an edited pinned message changes the notice text', () => {
    const pinned = pin('p', {
      message: { id: 'm', seq: 3, sender: null, createdAt: '2026-12-01T00:00:00.000Z' },
    });
    expect(applyPinEvent([pinned], { type: 'messageChanged', messageId: 'm', body: 'new' })[0]!.body).toBe(
      'new',
    );
  });

  it('PIN-4, PIN-6: the banner shows the notice I still have to acknowledge before newer ones; the author never has to', () => {
    const newer = pin('new', { requiresAck: false });
    const waiting = pin('old');
    expect(bannerPin([newer, waiting], 'me')?.id).toBe('old');
    expect(bannerPin([newer, { ...waiting, acknowledgedByMe: true }], 'me')?.id).toBe('new');
    expect(needsMyAck(waiting, 'author')).toBe(false);
    expect(bannerPin([], 'me')).toBeUndefined();
  });

  it('POLL-1, PIN-1: polls and notices follow the room’s post policy', () => {
    expect(mayPost({ postPolicy: 'everyone', myRole: 'member' })).toBe(true);
    expect(mayPost({ postPolicy: 'admins', myRole: 'member' })).toBe(false);
    expect(mayPost({ postPolicy: 'admins', myRole: 'admin' })).toBe(true);
    expect(mayPost({ postPolicy: 'closed', myRole: 'owner' })).toBe(false);
  });
});
