import type { Pin } from '@messenger/shared';
import { describe, expect, it } from 'vitest';
import { parseDismissed } from './dismissedReminders.ts';
import { applyPinEvent, bannerPin, mayPost, needsMyAck, reminderKey, reminderToShow } from './pinModel.ts';

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
  myReminder: null,
  ...over,
});
const reminder = (at: string) => ({ at, by: '김철수' });

describe('notice rules of the client', () => {
  it('PIN-9: created notices go first once; removed ones go; acknowledgements count and mark mine', () => {
    const { acknowledgedByMe: _, myReminder: __, ...state } = pin('p2');
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

  it('PIN-6: a reminder marks the notice until I acknowledge it; someone else acknowledging changes nothing', () => {
    const r = reminder('2026-12-01T09:00:00.000Z');
    let pins = applyPinEvent([pin('p1'), pin('p2')], { type: 'reminded', pinId: 'p2', reminder: r });
    expect(pins.map((p) => p.myReminder)).toEqual([null, r]);
    pins = applyPinEvent(pins, { type: 'acknowledged', pinId: 'p2', byMe: false, ackCount: 1 });
    expect(pins[1]!.myReminder).toEqual(r);
    pins = applyPinEvent(pins, { type: 'acknowledged', pinId: 'p2', byMe: true, ackCount: 2 });
    expect(pins[1]).toMatchObject({ acknowledgedByMe: true, myReminder: null });
  });

  it('PIN-6: the banner shows the notice I was reminded of before newer ones still waiting', () => {
    const reminded = pin('old', { myReminder: reminder('2026-12-01T09:00:00.000Z') });
    expect(bannerPin([pin('new'), reminded], 'me')?.id).toBe('old');
    expect(bannerPin([pin('new'), { ...reminded, acknowledgedByMe: true }], 'me')?.id).toBe('new');
  });

  it('PIN-6: coming back, the newest reminder not yet dismissed in this browser is shown', () => {
    const a = pin('a', { myReminder: reminder('2026-12-01T09:00:00.000Z') });
    const b = pin('b', { myReminder: reminder('2026-12-01T10:00:00.000Z') });
    expect(reminderToShow([a, b, pin('c')], 'me', new Set())?.id).toBe('b');
    const dismissedB = new Set([reminderKey('b', '2026-12-01T10:00:00.000Z')]);
    expect(reminderToShow([a, b], 'me', dismissedB)?.id).toBe('a');
    // A later reminder of the same notice is a new one.
    const again = { ...b, myReminder: reminder('2026-12-01T11:00:00.000Z') };
    expect(reminderToShow([again], 'me', dismissedB)?.id).toBe('b');
    expect(reminderToShow([pin('c')], 'me', new Set())).toBeUndefined();
  });

  it('PIN-6: the dismissed list survives anything malformed in storage', () => {
    expect(parseDismissed(null)).toEqual([]);
    expect(parseDismissed('{"x":1}')).toEqual([]);
    expect(parseDismissed('not json')).toEqual([]);
    expect(parseDismissed('["a@1", 2, "b@2"]')).toEqual(['a@1', 'b@2']);
  });

  it('POLL-1, PIN-1: polls and notices follow the room’s post policy', () => {
    expect(mayPost({ postPolicy: 'everyone', myRole: 'member' })).toBe(true);
    expect(mayPost({ postPolicy: 'admins', myRole: 'member' })).toBe(false);
    expect(mayPost({ postPolicy: 'admins', myRole: 'admin' })).toBe(true);
    expect(mayPost({ postPolicy: 'closed', myRole: 'owner' })).toBe(false);
  });

  it('ADMIN-2: nobody adds polls or notices in an archived room, its owner included', () => {
    const archivedAt = '2026-01-02T00:00:00.000Z';
    expect(mayPost({ postPolicy: 'everyone', myRole: 'owner', archivedAt })).toBe(false);
  });
});
