import type { Poll, PollState } from '@messenger/shared';
import { describe, expect, it } from 'vitest';
import { applyPollState, isOpen, localInputToIso, percentOf, pollDraftErrors } from './pollModel.ts';

const state = (over: Partial<PollState> = {}): PollState => ({
  id: 'p1',
  roomId: 'r1',
  messageId: 'p1',
  creator: null,
  question: '점심?',
  multiple: false,
  anonymous: false,
  endsAt: null,
  closedAt: null,
  options: [
    { id: 'o1', text: 'a', votes: 1, voterIds: ['u2'] },
    { id: 'o2', text: 'b', votes: 0, voterIds: [] },
  ],
  totalVoters: 1,
  createdAt: '2026-12-01T00:00:00.000Z',
  ...over,
});

describe('poll rules of the client', () => {
  it('POLL-7: a pushed update keeps my own choices (the original wiped them)', () => {
    const mine: Poll = { ...state(), myVotes: ['o2'] };
    const pushed = state({ totalVoters: 2 });
    expect(applyPollState(mine, pushed)).toEqual({ ...pushed, myVotes: ['o2'] });
  });

  it('POLL-7: an unknown poll is taken from a push only while nobody voted; otherwise it is fetched', () => {
    expect(applyPollState(undefined, state({ totalVoters: 0 }))?.myVotes).toEqual([]);
    expect(applyPollState(undefined, state())).toBeUndefined();
  });

  it('POLL-3: a poll is open until closed or its deadline passes', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(isOpen(state(), now)).toBe(true);
    expect(isOpen(state({ endsAt: '2026-12-01T09:59:59Z' }), now)).toBe(false);
    expect(isOpen(state({ closedAt: '2026-12-01T09:00:00Z' }), now)).toBe(false);
  });

  it('percentages of the votes cast', () => {
    expect(percentOf(1, state())).toBe(100);
    expect(percentOf(0, state({ options: [{ id: 'o', text: 'x', votes: 0, voterIds: [] }] }))).toBe(0);
  });

  it('POLL-3: a deadline typed in the viewer’s time zone goes out as UTC', () => {
    const local = '2026-12-24T18:30';
    expect(localInputToIso(local)).toBe(new Date(2026, 11, 24, 18, 30).toISOString());
    expect(localInputToIso('')).toBeNull();
  });

  it('POLL-1: a draft needs a question, two distinct options and a future deadline', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(pollDraftErrors({ question: ' ', options: ['a', ''], endsAt: '' }, now)).toEqual({
      question: 'polls.errors.question',
      options: 'polls.errors.twoOptions',
    });
    expect(pollDraftErrors({ question: 'q', options: ['a', 'a '], endsAt: '' }, now).options).toBe(
      'polls.errors.distinct',
    );
    expect(pollDraftErrors({ question: 'q', options: ['a', 'b'], endsAt: '2020-01-01T00:00' }, now)).toEqual({
      endsAt: 'polls.errors.deadlinePast',
    });
    expect(pollDraftErrors({ question: 'q', options: ['a', 'b', ''], endsAt: '' }, now)).toEqual({});
  });
});
