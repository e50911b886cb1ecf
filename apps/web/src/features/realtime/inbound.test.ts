import type { PinState, PollState } from '@messenger/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../lib/api.ts';
import { chatApi } from '../chat/chatApi.ts';
import { pinsApi } from '../chat/notices/pinsApi.ts';
import { PinStore } from '../chat/notices/pinStore.ts';
import { pollsApi } from '../chat/polls/pollsApi.ts';
import { PollStore } from '../chat/polls/pollStore.ts';
import { ChatStore } from '../chat/store/chatStore.ts';
import { kim, msg, room } from '../chat/store/fixtures.ts';
import { startInbound, type InboundSource } from './inbound.ts';

/** An in-process event source: what the socket would deliver, emitted by the test. */
class FakeEmitter implements InboundSource {
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  on(event: string, listener: (payload: unknown) => void): void {
    this.listeners.set(event, (this.listeners.get(event) ?? new Set()).add(listener));
  }
  off(event: string, listener: (payload: unknown) => void): void {
    this.listeners.get(event)?.delete(listener);
  }
  emit(event: string, payload: unknown): void {
    for (const fn of this.listeners.get(event) ?? []) fn(payload);
  }
}

const poll: PollState = {
  id: 'p1',
  roomId: 'r1',
  messageId: 'm9',
  creator: kim,
  question: '점심 메뉴?',
  multiple: false,
  anonymous: false,
  endsAt: null,
  closedAt: null,
  options: [{ id: 'o1', text: '김밥', votes: 0, voterIds: [] }],
  totalVoters: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
};

const pin: PinState = {
  id: 'pin1',
  roomId: 'r1',
  message: null,
  body: '공지',
  author: kim,
  requiresAck: true,
  ackCount: 0,
  ackTotal: 2,
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('the inbound pipeline: socket events -> shared schema -> store actions', () => {
  let source: FakeEmitter;
  let chat: ChatStore;
  let polls: PollStore;
  let pins: PinStore;
  let logged: string[];
  let stop: () => void;

  beforeEach(() => {
    vi.stubGlobal('document', { visibilityState: 'visible' });
    // No server here: every HTTP call the stores make on their own fails as unreachable, which they allow.
    const api = new ApiClient({ fetch: () => Promise.reject(new TypeError('offline')) });
    chat = new ChatStore(chatApi(api), 'me');
    polls = new PollStore(pollsApi(api));
    pins = new PinStore(pinsApi(api), 'me');
    source = new FakeEmitter();
    logged = [];
    stop = startInbound(source, { chat, polls, pins }, (message) => logged.push(message));
  });
  afterEach(() => {
    stop();
    vi.unstubAllGlobals();
  });

  it('turns room, message, read, typing and presence events into chat state', () => {
    source.emit('room:added', { room: room('r1') });
    source.emit('message:created', { message: msg(1) });
    source.emit('read:updated', { roomId: 'r1', reads: [{ userId: 'kim', lastReadSeq: 1 }] });
    source.emit('typing:updated', { roomId: 'r1', userId: 'lee', typing: true });
    source.emit('presence:updated', { userId: 'kim', presence: 'away', statusMessage: '회의 중' });
    const s = chat.getState();
    expect(s.rooms.map((r) => [r.id, r.lastSeq, r.unreadCount])).toEqual([['r1', 1, 1]]);
    expect(s.reads.r1?.get('kim')).toBe(1);
    expect(Object.keys(s.typing.r1 ?? {})).toEqual(['lee']);
    expect(s.presence.kim).toEqual({ presence: 'away', statusMessage: '회의 중' });
    expect(logged).toEqual([]);
  });

  it('an invalid event is dropped and logged, and the next valid one still applies', () => {
    source.emit('room:added', { room: room('r1') });
    source.emit('message:created', { message: { ...msg(1), seq: 'one' } });
    source.emit('message:created', null);
    source.emit('room:removed', { roomId: 'r1', reason: 'vanished' });
    expect(chat.getState().rooms.map((r) => r.lastSeq)).toEqual([0]);
    expect(logged).toEqual([
      'dropped an invalid message:created event',
      'dropped an invalid message:created event',
      'dropped an invalid room:removed event',
    ]);
    source.emit('message:created', { message: msg(1) });
    expect(chat.getState().rooms.map((r) => r.lastSeq)).toEqual([1]);
  });

  it('feeds the poll and notice stores, and the files panel follows live messages', () => {
    const seen: [string, boolean][] = [];
    chat.onMessage((m, created) => seen.push([m.id, created]));
    source.emit('poll:updated', { poll });
    source.emit('poll:voted', { roomId: 'r1', pollId: 'p1', myVotes: ['o1'] });
    expect(polls.get('p1')).toMatchObject({ question: '점심 메뉴?', myVotes: ['o1'] });
    source.emit('pin:reminded', { pin, by: '김철수', at: '2026-01-02T00:00:00.000Z' });
    expect(pins.getSnapshot().reminder).toEqual({ pin, by: '김철수', at: '2026-01-02T00:00:00.000Z' });
    source.emit('message:created', { message: msg(2) });
    source.emit('message:updated', { message: msg(2, { body: '고침' }) });
    expect(seen).toEqual([
      ['m2', true],
      ['m2', false],
    ]);
  });

  it('stops listening when stopped', () => {
    stop();
    source.emit('room:added', { room: room('r1') });
    expect(chat.getState().rooms).toEqual([]);
  });
});
