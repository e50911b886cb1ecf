import { PIN_LIMITS, type AckReport, type CreatePinBody, type Pin } from '@messenger/shared';
import type { z } from 'zod';
import { AppError } from '../../app-error.ts';
import type { RateLimitRule } from '../../config.ts';
import type { ConversationRepos, UnitOfWork } from '../../db/unit-of-work.ts';
import type { RateLimiter } from '../../state/rate-limiter.ts';
import type { MessageRow } from '../messages/messages.repository.ts';
import { requireMember, requireRoomOpen } from '../rooms/membership.ts';
import { isManager, requireCanPost, requireNotE2e } from '../rooms/rooms.policy.ts';
import type { MemberRow } from '../rooms/rooms.repository.ts';
import type { Timeline } from '../timeline/timeline.ts';
import type { PinEvents } from './pin-events.ts';
import {
  ackReportCsv,
  presentAckReport,
  presentPin,
  presentPinState,
  type PinContext,
  type PinViewer,
} from './pins.presenter.ts';
import { PIN_REMINDED, type PinRow } from './pins.repository.ts';
import { isUniqueViolation } from '../../db/dialect.ts';

/** How many unanswered reminders one member is shown at most (PIN-6). */
const REMINDERS_MAX = 50;

export interface PinsServiceDeps {
  uow: UnitOfWork;
  events: PinEvents;
  /** Writes and announces the `pinned` / `unpinned` system messages (PIN-10). */
  timeline: Timeline;
  limiter: RateLimiter;
  /** How often the author or an admin may remind the members of one notice (PIN-6). */
  /** Read at each use: administrators change it at run time (ADMIN-3). */
  remindLimit: () => Promise<RateLimitRule>;
  now: () => number;
  newId: () => string;
}

type CreateInput = z.output<typeof CreatePinBody>;

/** Notices pinned in a room, with acknowledgement, reports and reminders (SPEC PIN-*). */
export class PinsService {
  private readonly d: PinsServiceDeps;

  constructor(deps: PinsServiceDeps) {
    this.d = deps;
  }

  /**
   * What presenting these notices needs, whatever their rooms, in a fixed number of queries (one per kind
   * of row): a member's reminders come from many rooms, and every client asks for them on (re)connecting.
   */
  private async context(pins: PinRow[]): Promise<PinContext> {
    const repos = this.d.uow.repos;
    const messageIds = pins.flatMap((p) => (p.message_id ? [p.message_id] : []));
    const messages = new Map((await repos.messages.findMany(messageIds)).map((m) => [m.id, m]));
    const asking = pins.filter((p) => p.requires_ack === 1);
    const reminders = await repos.pins.latestReminders(asking);
    const userIds = new Set<string>();
    for (const p of pins) if (p.pinned_by) userIds.add(p.pinned_by);
    for (const m of messages.values()) if (m.sender_id) userIds.add(m.sender_id);
    for (const r of reminders.values()) if (r.by) userIds.add(r.by);
    const users = new Map((await repos.users.findMany([...userIds])).map((u) => [u.id, u]));
    const acks = await repos.pins.acks(asking.map((p) => p.id));
    const memberIds = await repos.rooms.memberIdsOf([...new Set(pins.map((p) => p.room_id))]);
    return { messages, users, acks, memberIds, reminders };
  }

  private static viewer(member: MemberRow): PinViewer {
    return { id: member.user_id, joinedAt: Number(member.joined_at) };
  }

  /** The caller's membership and a notice of that room (`pin.not_found` for another room's). */
  private async visible(
    userId: string,
    roomId: string,
    pinId: string,
  ): Promise<{ pin: PinRow; member: MemberRow }> {
    const repos = this.d.uow.repos;
    const member = await requireMember(repos, roomId, userId);
    const pin = await repos.pins.find(pinId);
    if (!pin || pin.room_id !== roomId) throw new AppError('pin.not_found');
    return { pin, member };
  }

  /** The author or a room owner/admin (unpin, report, remind). */
  private static requireAuthorOrManager(pin: PinRow, member: MemberRow): void {
    if (pin.pinned_by !== member.user_id && !isManager(member.role)) throw new AppError('pin.forbidden');
  }

  /** A room's notices, newest first (PIN-2). */
  async list(userId: string, roomId: string): Promise<Pin[]> {
    const repos = this.d.uow.repos;
    const member = await requireMember(repos, roomId, userId);
    const pins = await repos.pins.listForRoom(roomId);
    const ctx = await this.context(pins);
    return pins.map((p) => presentPin(p, ctx, PinsService.viewer(member)));
  }

  /**
   * The notices that reminded the caller and still wait for their acknowledgement, in all their rooms,
   * newest reminder first: what a member who was away is shown when they come back (PIN-6).
   */
  async myReminders(userId: string): Promise<Pin[]> {
    const rows = await this.d.uow.repos.pins.remindedFor(userId, REMINDERS_MAX * 4);
    const latest = [...new Map(rows.reverse().map((r) => [r.id, r])).values()]
      .sort((a, b) => b.reminded_at - a.reminded_at)
      .slice(0, REMINDERS_MAX);
    const ctx = await this.context(latest);
    return latest.map((r) => presentPin(r, ctx, { id: userId, joinedAt: r.joined_at }));
  }

  /** Writes who pinned or unpinned a notice into the timeline, in the caller's transaction (PIN-10). */
  private systemMessage(
    tx: ConversationRepos,
    roomId: string,
    type: 'pinned' | 'unpinned',
    userId: string,
    now: number,
  ): Promise<MessageRow> {
    return this.d.timeline.appendSystem(
      tx,
      roomId,
      { type, actorId: userId, targetIds: [], value: null },
      now,
    );
  }

  /** Pins a message of the room or a written notice; any member may (PIN-1). */
  async create(userId: string, roomId: string, input: CreateInput): Promise<Pin> {
    const repos = this.d.uow.repos;
    const member = await requireMember(repos, roomId, userId);
    // A notice speaks to the room: where only admins post, only admins pin (ADM-4).
    const room = await repos.rooms.findRoom(roomId);
    if (room) requireCanPost(room, member);
    // A notice is text the server would store and show; a pinned envelope has no text it could show (E2E-41).
    if (room) requireNotE2e(room);
    if (input.messageId !== undefined) {
      const m = await repos.messages.find(input.messageId);
      if (!m || m.room_id !== roomId || m.deleted_at !== null || m.kind === 'system')
        throw new AppError('pin.invalid_message');
      if (await repos.pins.findByMessage(roomId, m.id)) throw new AppError('pin.already_pinned');
    }
    const row: PinRow = {
      id: this.d.newId(),
      room_id: roomId,
      message_id: input.messageId ?? null,
      body: input.body ?? '',
      pinned_by: userId,
      requires_ack: input.requiresAck ? 1 : 0,
      created_at: this.d.now(),
    };
    let system: MessageRow;
    try {
      system = await this.d.uow.transaction(async (tx) => {
        await requireMember(tx, roomId, userId);
        // Counted in the transaction, the room locked: pins sent at once cannot pass the limit together.
        if ((await tx.pins.countForRoomLocked(roomId)) >= PIN_LIMITS.perRoomMax)
          throw new AppError('pin.too_many');
        await tx.pins.insert(row);
        return this.systemMessage(tx, roomId, 'pinned', userId, row.created_at);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('pin.already_pinned');
      throw err;
    }
    const ctx = await this.context([row]);
    this.d.events.pinCreated(roomId, presentPinState(row, ctx));
    await this.d.timeline.publish({ created: [system] });
    return presentPin(row, ctx, PinsService.viewer(member));
  }

  /** Unpins: the person who pinned it, or a room owner/admin (PIN-3). */
  async remove(userId: string, roomId: string, pinId: string): Promise<void> {
    const { pin, member } = await this.visible(userId, roomId, pinId);
    PinsService.requireAuthorOrManager(pin, member);
    await requireRoomOpen(this.d.uow.repos, roomId);
    const system = await this.d.uow.transaction(async (tx) =>
      (await tx.pins.delete(pin.id))
        ? this.systemMessage(tx, roomId, 'unpinned', userId, this.d.now())
        : null,
    );
    if (!system) return;
    this.d.events.pinRemoved(roomId, pin.id);
    await this.d.timeline.publish({ created: [system] });
  }

  /** The caller acknowledges a notice that asks for it; a second time changes nothing (PIN-4). */
  async acknowledge(userId: string, roomId: string, pinId: string): Promise<Pin> {
    const { pin, member } = await this.visible(userId, roomId, pinId);
    if (pin.requires_ack !== 1) throw new AppError('pin.ack_not_requested');
    await requireRoomOpen(this.d.uow.repos, roomId);
    const added = await this.d.uow.repos.pins.ack(pin.id, userId, this.d.now());
    const ctx = await this.context([pin]);
    const state = presentPin(pin, ctx, PinsService.viewer(member));
    if (added) this.d.events.pinAcknowledged(roomId, pin.id, userId, state.ackCount);
    return state;
  }

  /** Who has and has not acknowledged: for the author and room owners/admins only (PIN-5). */
  async report(userId: string, roomId: string, pinId: string): Promise<AckReport> {
    const { pin, member } = await this.visible(userId, roomId, pinId);
    PinsService.requireAuthorOrManager(pin, member);
    if (pin.requires_ack !== 1) throw new AppError('pin.ack_not_requested');
    const repos = this.d.uow.repos;
    return presentAckReport(pin, await repos.rooms.members(roomId), await repos.pins.acks([pin.id]));
  }

  /** The report as a CSV file for spreadsheets (PIN-5). */
  async reportCsv(userId: string, roomId: string, pinId: string, locale: 'ko' | 'en'): Promise<string> {
    return ackReportCsv(await this.report(userId, roomId, pinId), locale);
  }

  /**
   * Reminds the members who have not acknowledged; rate-limited per notice so a reminder stays a reminder
   * (PIN-6). The reminder is recorded (and audited as `pin.reminded`, ADM-6), so each of them sees it on the
   * notice until they acknowledge, also if they were away; those online also get a personal event at once.
   * Returns how many were reminded.
   */
  async remind(userId: string, roomId: string, pinId: string): Promise<number> {
    const report = await this.report(userId, roomId, pinId);
    // An admin who has not acknowledged either does not remind themself.
    const targets = report.pending.filter((u) => u.id !== userId).map((u) => u.id);
    if (targets.length === 0) return 0;
    await requireRoomOpen(this.d.uow.repos, roomId);
    await this.d.limiter.consume('pin-remind', await this.d.remindLimit(), [`pin:${pinId}`]);
    const { pin } = await this.visible(userId, roomId, pinId);
    const repos = this.d.uow.repos;
    const now = this.d.now();
    const detail = { reminded: targets.length };
    await this.d.uow.transaction(async (tx) => {
      await tx.pins.addReminder(pin, this.d.newId(), userId, now);
      await tx.audit.record({ actorId: userId, action: PIN_REMINDED, roomId, targetId: pin.id, detail }, now);
    });
    const ctx = await this.context([pin]);
    const by = (await repos.users.findById(userId))?.nickname ?? '';
    this.d.events.pinReminded(targets, presentPinState(pin, ctx), by, new Date(now).toISOString());
    return targets.length;
  }

  /** Announces the pins removed with a deleted message (PIN-7). */
  announceRemoved(pins: PinRow[]): void {
    for (const p of pins) this.d.events.pinRemoved(p.room_id, p.id);
  }
}
