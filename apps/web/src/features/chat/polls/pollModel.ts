import type { Poll, PollState } from '@messenger/shared';

/**
 * Applies a pushed poll state. The push is the same for every member and carries nobody's choices, so the
 * member's own `myVotes` are kept (the original wiped them on every update). A poll seen for the first time
 * by a push is only taken when nobody has voted yet (the member's choices are then known to be none);
 * otherwise it is left for a fetch, which brings the choices. Returns undefined to ignore the push.
 */
export function applyPollState(prev: Poll | undefined, state: PollState): Poll | undefined {
  if (prev) return { ...state, myVotes: prev.myVotes };
  return state.totalVoters === 0 ? { ...state, myVotes: [] } : undefined;
}

/** Whether the poll takes votes now: not closed and before its deadline. */
export function isOpen(poll: Pick<Poll, 'closedAt' | 'endsAt'>, now = Date.now()): boolean {
  return poll.closedAt === null && (poll.endsAt === null || Date.parse(poll.endsAt) > now);
}

/** An option's share of the votes cast, in whole percent (0 when nobody voted). */
export function percentOf(votes: number, poll: Pick<Poll, 'options'>): number {
  const total = poll.options.reduce((n, o) => n + o.votes, 0);
  return total === 0 ? 0 : Math.round((votes / total) * 100);
}

/** The value of a `datetime-local` input (the viewer's time zone) as a UTC ISO timestamp; null if empty or invalid. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The i18n key of a problem with a poll draft. */
export type PollDraftError =
  'polls.errors.question' | 'polls.errors.twoOptions' | 'polls.errors.distinct' | 'polls.errors.deadlinePast';

/** What is wrong with a poll draft, per field (empty when it can be sent). */
export function pollDraftErrors(
  draft: { question: string; options: string[]; endsAt: string },
  now = Date.now(),
): { question?: PollDraftError; options?: PollDraftError; endsAt?: PollDraftError } {
  const errors: { question?: PollDraftError; options?: PollDraftError; endsAt?: PollDraftError } = {};
  if (!draft.question.trim()) errors.question = 'polls.errors.question';
  const filled = draft.options.map((o) => o.trim()).filter(Boolean);
  if (filled.length < 2) errors.options = 'polls.errors.twoOptions';
  else if (new Set(filled).size !== filled.length) errors.options = 'polls.errors.distinct';
  if (draft.endsAt) {
    const iso = localInputToIso(draft.endsAt);
    if (!iso || Date.parse(iso) <= now) errors.endsAt = 'polls.errors.deadlinePast';
  }
  return errors;
}
