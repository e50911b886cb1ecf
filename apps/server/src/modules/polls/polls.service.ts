import type { CreatePollBody, Poll } from '@messenger/shared';
import type { z } from 'zod';
import { AppError } from '../../app-error.ts';
import type { UnitOfWork } from '../../db/unit-of-work.ts';
import type { ConversationEvents } from '../messages/conversation-events.ts';
import { requireMember, requireRoomOpen } from '../rooms/membership.ts';
import { isManager, requireCanPost, requirePostFits } from '../rooms/rooms.policy.ts';
import type { MemberRow } from '../rooms/rooms.repository.ts';
import type { RateLimitRule } from '../../config.ts';
import type { RateLimiter } from '../../state/rate-limiter.ts';
import type { PollEvents } from './poll-events.ts';
import { presentPoll, presentPollState, type PollContext } from './polls.presenter.ts';
import type { PollRow } from './polls.repository.ts';
import type { Timeline } from '../timeline/timeline.ts';

export interface PollsServiceDeps {
  uow: UnitOfWork;
  events: PollEvents & Pick<ConversationEvents, 'readMoved'>;
  /** Writes the poll's card and its `poll_closed` system message, and announces them. */
  timeline: Timeline;
  limiter: RateLimiter;
  /** A poll is a post: it counts against the same per-user rule as sending a message (SEC-3). */
  /** Read at each use: administrators change it at run time (ADMIN-3). */
  sendLimit: () => Promise<RateLimitRule>;
  now: () => number;
  newId: () => string;
}

type CreateInput = z.output<typeof CreatePollBody>;

/** Open polls closed per sweep at most (the next sweep takes the rest). */
const SWEEP_BATCH = 100;

/** Polls in a room's timeline: create, vote, close early or at the deadline (SPEC POLL-*). */
export class PollsService {
  private readonly d: PollsServiceDeps;

  constructor(deps: PollsServiceDeps) {
    this.d = deps;
  }

  private async context(rows: PollRow[]): Promise<PollContext> {
    const repos = this.d.uow.repos;
    const ids = rows.map((r) => r.id);
    const [options, votes] = [await repos.polls.options(ids), await repos.polls.votes(ids)];
    const creatorIds = [...new Set(rows.map((r) => r.created_by).filter((v): v is string => !!v))];
    const users = new Map((await repos.users.findMany(creatorIds)).map((u) => [u.id, u]));
    return { options, votes, users };
  }

  private async presentFor(row: PollRow, viewerId: string): Promise<Poll> {
    return presentPoll(row, await this.context([row]), viewerId);
  }

  /** A poll the caller may see, with the caller's membership: unknown or deleted is `poll.not_found`. */
  private async visible(userId: string, pollId: string): Promise<{ poll: PollRow; member: MemberRow }> {
    const repos = this.d.uow.repos;
    const poll = await repos.polls.find(pollId);
    if (!poll) throw new AppError('poll.not_found');
    const member = await requireMember(repos, poll.room_id, userId);
    const message = await repos.messages.find(poll.message_id);
    if (!message || message.deleted_at !== null) throw new AppError('poll.not_found');
    return { poll, member };
  }

  /** Creates a poll and its timeline message (kind `poll`, same id) and announces both (POLL-1). */
  async create(userId: string, roomId: string, input: CreateInput): Promise<Poll> {
    await this.d.limiter.consume('message', await this.d.sendLimit(), [`user:${userId}`]);
    const now = this.d.now();
    const endsAt = input.endsAt === undefined ? null : Date.parse(input.endsAt);
    if (endsAt !== null && endsAt <= now) throw new AppError('poll.deadline_past');
    const id = this.d.newId();
    const row = await this.d.uow.transaction(async (tx) => {
      const member = await requireMember(tx, roomId, userId);
      const post = { id, roomId, senderId: userId, kind: 'poll' as const, body: input.question };
      // A poll is a post: announcement rooms take them from admins only (ADM-4); everyone votes.
      // Encrypted rooms have no polls: the server would have to read the question and votes (E2E-41).
      const message = await this.d.timeline.appendPost(tx, post, now, (room) => {
        requireCanPost(room, member);
        requirePostFits(room, 'poll');
      });
      const poll: PollRow = {
        id,
        room_id: roomId,
        message_id: id,
        created_by: userId,
        question: input.question,
        multiple: input.multiple ? 1 : 0,
        anonymous: input.anonymous ? 1 : 0,
        ends_at: endsAt,
        closed_at: null,
        closed_by: null,
        created_at: now,
      };
      const options = input.options.map((text, position) => ({
        id: this.d.newId(),
        poll_id: id,
        position,
        text,
      }));
      await tx.polls.insert(poll, options);
      return { poll, message };
    });
    const ctx = await this.context([row.poll]);
    // The state first, so a client has it when the card arrives.
    this.d.events.pollUpdated(roomId, presentPollState(row.poll, ctx));
    await this.d.timeline.publish({ created: [row.message] });
    this.d.events.readMoved(roomId, { userId, lastReadSeq: row.message.seq });
    return presentPoll(row.poll, ctx, userId);
  }

  /** A room's polls, newest first, each with the caller's choices. */
  async list(userId: string, roomId: string): Promise<Poll[]> {
    const repos = this.d.uow.repos;
    await requireMember(repos, roomId, userId);
    const rows = await repos.polls.listForRoom(roomId);
    const ctx = await this.context(rows);
    return rows.map((r) => presentPoll(r, ctx, userId));
  }

  /** One poll with the caller's choices. */
  async get(userId: string, pollId: string): Promise<Poll> {
    const { poll } = await this.visible(userId, pollId);
    return this.presentFor(poll, userId);
  }

  /**
   * Votes (POLL-2, POLL-3): the option must be the poll's; single choice replaces the earlier vote, the same
   * option again in a multiple-choice poll takes it back. Closed and deadline are checked here, at the vote,
   * once the poll's row is locked: a vote that waited for it past the deadline or a close does not land, and
   * one that finds the deadline passed closes the poll (and announces it).
   */
  async vote(userId: string, pollId: string, optionId: string): Promise<Poll> {
    const { poll } = await this.visible(userId, pollId);
    await requireRoomOpen(this.d.uow.repos, poll.room_id);
    const options = await this.d.uow.repos.polls.options([poll.id]);
    if (!options.some((o) => o.id === optionId)) throw new AppError('poll.invalid_option');
    const outcome = await this.d.uow.transaction(async (tx) => {
      // Read again, locked, inside the transaction: a close that committed a moment ago wins, and the time
      // is taken now, after any wait for the lock.
      const current = await tx.polls.lock(poll.id);
      if (!current || current.closed_at !== null) return 'closed' as const;
      const now = this.d.now();
      if (current.ends_at !== null && current.ends_at <= now) return 'expired' as const;
      const mine = await tx.polls.userVotes(poll.id, userId);
      const vote = { poll_id: poll.id, option_id: optionId, user_id: userId, created_at: now };
      if (poll.multiple === 1) {
        if (mine.includes(optionId)) await tx.polls.removeVote(poll.id, optionId, userId);
        else await tx.polls.addVote(vote);
      } else if (!(mine.length === 1 && mine[0] === optionId)) {
        await tx.polls.clearUserVotes(poll.id, userId);
        await tx.polls.addVote(vote);
      }
      return 'voted' as const;
    });
    if (outcome === 'expired') await this.closeAndAnnounce(poll, null);
    if (outcome !== 'voted') throw new AppError('poll.closed');
    const updated = await this.presentFor(poll, userId);
    const { myVotes, ...state } = updated;
    this.d.events.pollUpdated(poll.room_id, state);
    this.d.events.pollVoted(userId, poll.room_id, poll.id, myVotes);
    return updated;
  }

  /** Closes early: the creator or a room owner/admin (POLL-4). */
  async close(userId: string, pollId: string): Promise<Poll> {
    const { poll, member } = await this.visible(userId, pollId);
    if (poll.created_by !== userId && !isManager(member.role)) throw new AppError('poll.forbidden');
    await requireRoomOpen(this.d.uow.repos, poll.room_id);
    if (!(await this.closeAndAnnounce(poll, userId))) throw new AppError('poll.closed');
    return this.presentFor((await this.d.uow.repos.polls.find(poll.id))!, userId);
  }

  /**
   * Closes a poll if still open, with a system message, in one transaction; only the caller whose conditional
   * update won announces it, so several processes sweeping at once announce a poll once.
   */
  private async closeAndAnnounce(poll: PollRow, byUserId: string | null): Promise<boolean> {
    const now = this.d.now();
    const system = await this.d.uow.transaction(async (tx) => {
      if (!(await tx.polls.closeIfOpen(poll.id, now, byUserId))) return null;
      const fact = { type: 'poll_closed' as const, actorId: byUserId, targetIds: [], value: poll.question };
      return this.d.timeline.appendSystem(tx, poll.room_id, fact, now);
    });
    if (!system) return false;
    const closed = (await this.d.uow.repos.polls.find(poll.id))!;
    this.d.events.pollUpdated(poll.room_id, presentPollState(closed, await this.context([closed])));
    await this.d.timeline.publish({ created: [system] });
    return true;
  }

  /** Closes every open poll past its deadline (POLL-3); returns how many this process closed. */
  async sweep(): Promise<number> {
    const expired = await this.d.uow.repos.polls.expiredOpen(this.d.now(), SWEEP_BATCH);
    let closed = 0;
    for (const p of expired) if (await this.closeAndAnnounce(p, null)) closed += 1;
    return closed;
  }
}
