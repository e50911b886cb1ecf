import {
  extractMentionNames,
  type Message,
  type ReadersResponse,
  type SendMessageInput,
} from '@messenger/shared';
import type { z } from 'zod';
import type { RateLimitRule } from '../../config.ts';
import type { UnitOfWork } from '../../db/unit-of-work.ts';
import { AppError } from '../../app-error.ts';
import type { RateLimiter } from '../../state/rate-limiter.ts';
import { presentUserSummary } from '../users/users.presenter.ts';
import { requireMember, requireRoomOpen } from '../rooms/membership.ts';
import { requireCanPost, requirePostFits } from '../rooms/rooms.policy.ts';
import type { MemberRow, MemberWithUser } from '../rooms/rooms.repository.ts';
import type { ClaimedUploads } from '../files/files.service.ts';
import type { ConversationEvents } from './conversation-events.ts';
import type { MessageRow } from './messages.repository.ts';
import { presentMessage } from './messages.presenter.ts';
import { messageTokens } from '../search/search-index.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import type { Mentions, Timeline } from '../timeline/timeline.ts';

/** Upload tokens turned into files to attach (implemented by the files module, FILE-7). */
export interface Attachments {
  /** Checks the tokens before the message's transaction; the timeline attaches the files inside it. */
  claim(userId: string, roomId: string, tokens: string[]): Promise<ClaimedUploads>;
  /** Retires the tokens once the message committed. */
  consume(claimed: ClaimedUploads): Promise<void>;
}

export interface MessagesServiceDeps {
  uow: UnitOfWork;
  timeline: Timeline;
  attachments: Attachments;
  events: ConversationEvents;
  limiter: RateLimiter;
  /** Read at each use: administrators change it at run time (ADMIN-3). */
  sendLimit: () => Promise<RateLimitRule>;
  now: () => number;
  newId: () => string;
}

type SendInput = z.output<typeof SendMessageInput>;

/** Resolves `@username` / `@all` in a text against the room's members (the sender never mentions themself). */
export function resolveMentions(body: string, members: MemberWithUser[], senderId: string): Mentions {
  const { names, all } = extractMentionNames(body);
  const wanted = new Set(names);
  const userIds = members
    .filter((m) => wanted.has(m.user.username_lower) && m.user_id !== senderId)
    .map((m) => m.user_id);
  const notify = all ? members.map((m) => m.user_id).filter((id) => id !== senderId) : userIds;
  return { userIds, all, notify };
}

/** Sending, editing, deleting and reacting to messages; history and read receipts (SPEC MSG-*). */
export class MessagesService {
  private readonly d: MessagesServiceDeps;

  constructor(deps: MessagesServiceDeps) {
    this.d = deps;
  }

  /** Presents rows with their senders, quotes and reactions. */
  async present(rows: MessageRow[]): Promise<Message[]> {
    const ctx = await this.d.uow.repos.messages.context(rows);
    return rows.map((r) => presentMessage(r, ctx));
  }

  /**
   * Stores a message and announces it after commit (MSG-1..4). Sending an id again returns the stored message
   * without storing or announcing it twice.
   */
  async send(userId: string, input: SendInput): Promise<Message> {
    const repos = this.d.uow.repos;
    const existing = await repos.messages.find(input.id);
    if (existing) return this.idempotent(existing, userId, input.roomId);
    await this.d.limiter.consume('message', await this.d.sendLimit(), [`user:${userId}`]);
    if (input.replyToId) {
      const original = await repos.messages.find(input.replyToId);
      if (!original || original.room_id !== input.roomId) throw new AppError('message.reply_other_room');
    }
    // Members are needed only to resolve mentions; most messages have none (hot path).
    const mentions: Mentions = input.body.includes('@')
      ? resolveMentions(input.body, await repos.rooms.members(input.roomId), userId)
      : { userIds: [], all: false, notify: [] };
    const claimed = input.uploadTokens?.length
      ? await this.d.attachments.claim(userId, input.roomId, input.uploadTokens)
      : null;
    // Tokenized before the transaction, which holds the room's counter row (files add their names inside).
    const tokens = claimed ? undefined : messageTokens(input.body, []);
    const now = this.d.now();
    const post = {
      id: input.id,
      roomId: input.roomId,
      senderId: userId,
      kind: 'text' as const,
      body: input.body,
      replyToId: input.replyToId ?? null,
      mentions,
      ...(claimed ? { fileIds: claimed.fileIds } : {}),
      tokens,
    };
    let row: MessageRow;
    try {
      row = await this.d.uow.transaction(async (tx) => {
        // Membership is checked inside the transaction: a member kicked a moment ago cannot slip a message in.
        const member = await requireMember(tx, input.roomId, userId);
        // Announcement rooms and closed direct rooms refuse posts (ADM-4, ACCT-3), encrypted rooms plaintext
        // (E2E-41); the throw rolls back.
        return this.d.timeline.appendPost(tx, post, now, (room) => {
          requireCanPost(room, member);
          requirePostFits(room, 'text');
        });
      });
    } catch (err) {
      // The same id sent twice at once: the loser returns the winner's message.
      const raced = isUniqueViolation(err) ? await repos.messages.find(input.id) : undefined;
      if (raced) return this.idempotent(raced, userId, input.roomId);
      throw err;
    }
    if (claimed) await this.d.attachments.consume(claimed);
    const {
      created: [message],
    } = await this.d.timeline.publish({ created: [row] });
    this.d.events.readMoved(input.roomId, { userId, lastReadSeq: row.seq });
    return message!;
  }

  private async idempotent(existing: MessageRow, userId: string, roomId: string): Promise<Message> {
    if (existing.sender_id !== userId || existing.room_id !== roomId)
      throw new AppError('message.id_conflict');
    const [message] = await this.present([existing]);
    return message!;
  }

  /** Loads a message the caller may see, with the caller's membership. */
  private async visible(userId: string, messageId: string): Promise<{ row: MessageRow; member: MemberRow }> {
    const repos = this.d.uow.repos;
    const row = await repos.messages.find(messageId);
    if (!row) throw new AppError('message.not_found');
    const member = await repos.rooms.member(row.room_id, userId);
    // Not a member: the message does not exist for the caller.
    if (!member) throw new AppError('message.not_found');
    return { row, member };
  }

  /** A message the caller may see, in a room that is not archived: edits, deletions, reactions (ADMIN-2). */
  private async changeable(
    userId: string,
    messageId: string,
  ): Promise<{ row: MessageRow; member: MemberRow }> {
    const found = await this.visible(userId, messageId);
    await requireRoomOpen(this.d.uow.repos, found.row.room_id);
    return found;
  }

  /** Edits the caller's own text message; the edited mark persists (MSG-6). */
  async edit(userId: string, messageId: string, body: string): Promise<Message> {
    const { row } = await this.changeable(userId, messageId);
    if (row.kind === 'system') throw new AppError('message.system_immutable');
    // An envelope is replaced only by another envelope, through the E2E route (E2E-41, E2E-43).
    if (row.kind === 'e2e') throw new AppError('room.e2e_plaintext');
    // A poll's question is not edited: votes were cast on it (POLL-1).
    if (row.sender_id !== userId || row.kind === 'poll') throw new AppError('message.forbidden');
    if (row.deleted_at !== null) throw new AppError('message.deleted');
    const members = await this.d.uow.repos.rooms.members(row.room_id);
    const mentions = resolveMentions(body, members, userId);
    const now = this.d.now();
    const updated = await this.d.uow.transaction((tx) => this.d.timeline.edit(tx, row, body, mentions, now));
    return this.announceUpdate(updated);
  }

  /** Deletes a message: the sender, or a room admin/owner for anyone's. Leaves a tombstone (MSG-7). */
  async delete(userId: string, messageId: string): Promise<Message> {
    const { row, member } = await this.changeable(userId, messageId);
    if (row.kind === 'system') throw new AppError('message.system_immutable');
    const isAdmin = member.role === 'owner' || member.role === 'admin';
    if (row.sender_id !== userId && !isAdmin) throw new AppError('message.forbidden');
    if (row.deleted_at !== null) return (await this.present([row]))[0]!;
    const now = this.d.now();
    const change = await this.d.uow.transaction(async (tx) => {
      // A room admin's deletion of someone else's message is in the room's admin log (AUDIT-1, ADM-6).
      if (row.sender_id !== userId)
        await tx.audit.record(
          {
            actorId: userId,
            action: 'message.deleted_by_admin',
            targetId: row.sender_id,
            roomId: row.room_id,
            detail: { messageId: row.id, seq: Number(row.seq) },
          },
          now,
        );
      return this.d.timeline.tombstone(tx, [row], userId, now);
    });
    return (await this.d.timeline.publish(change)).updated[0]!;
  }

  /** Adds the caller's reaction, or removes it if present (MSG-8). */
  async toggleReaction(userId: string, messageId: string, emoji: string): Promise<Message> {
    const { row } = await this.changeable(userId, messageId);
    if (row.deleted_at !== null) throw new AppError('message.deleted');
    const now = this.d.now();
    const updated = await this.d.uow.transaction((tx) => this.d.timeline.react(tx, row, userId, emoji, now));
    return this.announceUpdate(updated);
  }

  private async announceUpdate(row: MessageRow): Promise<Message> {
    return (await this.d.timeline.publish({ updated: [row] })).updated[0]!;
  }

  /** A message the caller can see, presented. */
  async get(userId: string, messageId: string): Promise<Message> {
    const { row } = await this.visible(userId, messageId);
    return (await this.present([row]))[0]!;
  }

  /** A page of history in ascending order (MSG-9). */
  async history(
    userId: string,
    roomId: string,
    q: { before?: number; after?: number; around?: string; limit: number },
  ): Promise<{ messages: Message[]; hasMoreBefore: boolean; hasMoreAfter: boolean }> {
    const repos = this.d.uow.repos;
    await requireMember(repos, roomId, userId);
    let rows: MessageRow[];
    let hasMoreBefore = false;
    let hasMoreAfter = false;
    if (q.around) {
      const target = await repos.messages.find(q.around);
      if (!target || target.room_id !== roomId) throw new AppError('message.not_found');
      const half = Math.floor(q.limit / 2);
      const older = await repos.messages.pageBefore(roomId, target.seq, half + 1);
      const newer = await repos.messages.pageAfter(roomId, target.seq, q.limit - half);
      hasMoreBefore = older.length > half;
      hasMoreAfter = newer.length > q.limit - half - 1;
      rows = [...older.slice(0, half).reverse(), target, ...newer.slice(0, q.limit - half - 1)];
    } else if (q.after !== undefined) {
      const page = await repos.messages.pageAfter(roomId, q.after, q.limit + 1);
      hasMoreAfter = page.length > q.limit;
      rows = page.slice(0, q.limit);
      hasMoreBefore = q.after > 0;
    } else {
      const page = await repos.messages.pageBefore(roomId, q.before ?? Number.MAX_SAFE_INTEGER, q.limit + 1);
      hasMoreBefore = page.length > q.limit;
      rows = page.slice(0, q.limit).reverse();
      hasMoreAfter = q.before !== undefined && rows.length > 0;
    }
    return { messages: await this.present(rows), hasMoreBefore, hasMoreAfter };
  }

  /** Changes of a room after a revision, for a reconnecting client (RT-3). */
  async changesSince(userId: string, roomId: string, rev: number, limit = 200) {
    const repos = this.d.uow.repos;
    await requireMember(repos, roomId, userId);
    const rows = await repos.messages.changedSince(roomId, rev, limit + 1);
    const room = (await repos.rooms.findRoom(roomId))!;
    const members = await repos.rooms.members(roomId);
    return {
      roomId,
      messages: await this.present(rows.slice(0, limit)),
      hasMore: rows.length > limit,
      reads: members.map((m) => ({ userId: m.user_id, lastReadSeq: m.last_read_seq })),
      rev: rows.length > limit ? rows[limit - 1]!.rev : room.last_rev,
    };
  }

  /** Who has read a message and who has not, among current members other than the sender (MSG-10). */
  async readers(userId: string, messageId: string): Promise<ReadersResponse> {
    const { row } = await this.visible(userId, messageId);
    const members = await this.d.uow.repos.rooms.members(row.room_id);
    const others = members.filter((m) => m.user_id !== row.sender_id);
    return {
      readBy: others
        .filter((m) => m.last_read_seq >= row.seq)
        .map((m) => presentUserSummary(m.user, m.user_id)),
      unreadBy: others
        .filter((m) => m.last_read_seq < row.seq)
        .map((m) => presentUserSummary(m.user, m.user_id)),
    };
  }

  /** Moves the caller's watermark forward; announced in batches (READ-1). */
  async markRead(userId: string, roomId: string, seq: number): Promise<number> {
    const repos = this.d.uow.repos;
    const before = await requireMember(repos, roomId, userId);
    const after = await repos.rooms.advanceRead(roomId, userId, seq);
    if (after === null) throw new AppError('room.not_member');
    if (after > before.last_read_seq) this.d.events.readMoved(roomId, { userId, lastReadSeq: after });
    return after;
  }
}
