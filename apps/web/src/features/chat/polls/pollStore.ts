import type { CreatePollBody, Poll, PollState } from '@messenger/shared';
import { realtime } from '../../../lib/socket.ts';
import { applyPollState } from './pollModel.ts';
import type { PollsApi } from './pollsApi.ts';

/**
 * Polls by id, kept current by `poll:updated` (shared counts) and `poll:voted` (the member's own choices),
 * refetched per room after a reconnect. Read with useSyncExternalStore.
 */
export class PollStore {
  private polls = new Map<string, Poll>();
  private readonly subscribers = new Set<() => void>();
  private readonly rooms = new Set<string>();
  private readonly fetching = new Set<string>();
  readonly api: PollsApi;

  constructor(api: PollsApi) {
    this.api = api;
  }

  subscribe = (fn: () => void): (() => void) => {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  };

  get = (id: string): Poll | undefined => this.polls.get(id);

  private set(poll: Poll): void {
    this.polls = new Map(this.polls).set(poll.id, poll);
    for (const fn of this.subscribers) fn();
  }

  /** Follows reconnects (server events arrive through the inbound pipeline); returns the cleanup. */
  start(): () => void {
    // Pushes missed while offline: fetch the rooms already shown again.
    return realtime.onConnect(() => {
      for (const roomId of this.rooms) void this.loadRoom(roomId);
    });
  }

  /** `poll:updated`: counts, voters or closed state (my own votes stay). */
  pollUpdated(poll: PollState): void {
    const next = applyPollState(this.polls.get(poll.id), poll);
    if (next) this.set(next);
  }

  /** `poll:voted`: my own choices changed (in another tab, too). */
  pollVoted(pollId: string, myVotes: string[]): void {
    const prev = this.polls.get(pollId);
    if (prev) this.set({ ...prev, myVotes });
  }

  /** Loads all polls of a room (when it opens). */
  async loadRoom(roomId: string): Promise<void> {
    this.rooms.add(roomId);
    try {
      for (const p of await this.api.list(roomId)) this.set(p);
    } catch {
      // Cards fetch their own poll when shown.
    }
  }

  /** Fetches a poll not known yet (a card scrolled into view before its room's list arrived). */
  async ensure(id: string): Promise<void> {
    if (this.polls.has(id) || this.fetching.has(id)) return;
    this.fetching.add(id);
    try {
      this.set(await this.api.get(id));
    } catch {
      // Deleted or no longer visible: the card shows nothing more.
    } finally {
      this.fetching.delete(id);
    }
  }

  async create(roomId: string, body: CreatePollBody): Promise<Poll> {
    const poll = await this.api.create(roomId, body);
    this.set(poll);
    return poll;
  }

  async vote(id: string, optionId: string): Promise<void> {
    this.set(await this.api.vote(id, optionId));
  }

  async close(id: string): Promise<void> {
    this.set(await this.api.close(id));
  }
}
