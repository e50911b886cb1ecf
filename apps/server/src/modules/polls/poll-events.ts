import type { PollState } from '@messenger/shared';

/** What the polls service announces after commit; implemented by the realtime Broadcaster. */
export interface PollEvents {
  /** Counts, voters or the closed state changed: the same state for every member of the room. */
  pollUpdated(roomId: string, poll: PollState): void;
  /** The voter's own choices, to the voter's own tabs only. */
  pollVoted(userId: string, roomId: string, pollId: string, myVotes: string[]): void;
}
