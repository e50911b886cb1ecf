import type { Poll, PollState } from '@messenger/shared';
import type { UserRow } from '../users/users.repository.ts';
import { presentUserSummary } from '../users/users.presenter.ts';
import type { PollOptionRow, PollRow, PollVoteRow } from './polls.repository.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** What presenting polls needs besides their rows. */
export interface PollContext {
  options: PollOptionRow[];
  votes: PollVoteRow[];
  users: Map<string, UserRow>;
}

/**
 * A poll as every member sees it: counts always, voters only when it is not anonymous (POLL-5). Nothing
 * here depends on the viewer, so the same object is pushed to the whole room.
 */
export function presentPollState(row: PollRow, ctx: PollContext): PollState {
  const anonymous = row.anonymous === 1;
  const votes = ctx.votes.filter((v) => v.poll_id === row.id);
  return {
    id: row.id,
    roomId: row.room_id,
    messageId: row.message_id,
    creator: row.created_by ? presentUserSummary(ctx.users.get(row.created_by), row.created_by) : null,
    question: row.question,
    multiple: row.multiple === 1,
    anonymous,
    endsAt: iso(row.ends_at),
    closedAt: iso(row.closed_at),
    options: ctx.options
      .filter((o) => o.poll_id === row.id)
      .map((o) => {
        const chosen = votes.filter((v) => v.option_id === o.id);
        return {
          id: o.id,
          text: o.text,
          votes: chosen.length,
          voterIds: anonymous ? null : chosen.map((v) => v.user_id),
        };
      }),
    totalVoters: new Set(votes.map((v) => v.user_id)).size,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** A poll as one member sees it: the shared state and their own choices. */
export function presentPoll(row: PollRow, ctx: PollContext, viewerId: string): Poll {
  const myVotes = ctx.votes
    .filter((v) => v.poll_id === row.id && v.user_id === viewerId)
    .map((v) => v.option_id);
  return { ...presentPollState(row, ctx), myVotes };
}
