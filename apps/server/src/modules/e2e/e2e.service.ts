import {
  E2E_LIMITS,
  type CommitsResponse,
  type CreateGroupBody,
  type E2eCommit,
  type EditCiphertextBody,
  type Message,
  type E2eGroup,
  type SendCiphertextBody,
  type SubmitCommitBody,
} from '@messenger/shared';
import { AppError } from '../../app-error.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import type { ConversationRepos, UnitOfWork } from '../../db/unit-of-work.ts';
import type { RateLimiter } from '../../state/rate-limiter.ts';
import type { ConversationEvents } from '../messages/conversation-events.ts';
import { presentMessage } from '../messages/messages.presenter.ts';
import type { MessageRow } from '../messages/messages.repository.ts';
import { requireCanPost, requireOpen } from '../rooms/rooms.policy.ts';
import { requireSendableBlobs } from '../files/e2e-files.service.ts';
import type { Timeline } from '../timeline/timeline.ts';
import type { E2eEvents } from './e2e-events.ts';
import { limitE2e, requireE2eMember, requireOwnDevice } from './e2e.policy.ts';
import { presentCommit, presentGroup, presentWelcome } from './e2e.presenter.ts';
import type { DeviceRow, GroupRow } from './e2e.repository.ts';

/**
 * The room's group, held until the transaction ends, at `epoch` with no removal pending: what an envelope
 * must be made for (E2E-27). A room whose group does not exist yet has nothing to encrypt for.
 */
async function requireCurrentEpoch(tx: ConversationRepos, roomId: string, epoch: number): Promise<void> {
  const group = await tx.e2e.groupForSend(roomId);
  if (!group) throw new AppError('e2e.group_not_found');
  if (group.rekey_pending === 1) throw new AppError('e2e.rekey_pending');
  if (group.epoch !== epoch) throw new AppError('e2e.stale_epoch');
}

/** How long the handshake log keeps a commit (design 5.3: 90 days) (E2E-26). */
export const HANDSHAKE_RETENTION_MS = 90 * 24 * 3600 * 1000;

export interface E2eServiceDeps {
  uow: UnitOfWork;
  /** Writes and announces the room's `e2e` messages, as every other post (E2E-42). */
  timeline: Timeline;
  events: E2eEvents & Pick<ConversationEvents, 'readMoved'>;
  limiter: RateLimiter;
  now: () => number;
  newId: () => string;
}

/** A losing commit (E2E-25): the group's epoch now, and the commits the loser is missing. */
export class EpochConflictError extends AppError {
  readonly currentEpoch: number;
  readonly commits: E2eCommit[];

  constructor(currentEpoch: number, commits: E2eCommit[]) {
    super('e2e.epoch_conflict');
    this.currentEpoch = currentEpoch;
    this.commits = commits;
  }
}

/**
 * The server as MLS Delivery Service (SPEC E2E-24..E2E-29): the room's group and its epoch, the handshake log,
 * welcomes, and the room's `e2e` messages written through the timeline (devices and key packages:
 * `E2eDevicesService`). It never reads the
 * MLS bytes it stores; every room-scoped action is for the room's members only, and outsiders are told the
 * room does not exist.
 */
export class E2eService {
  private readonly d: E2eServiceDeps;

  constructor(deps: E2eServiceDeps) {
    this.d = deps;
  }

  private get repos(): ConversationRepos {
    return this.d.uow.repos;
  }

  private async requireGroup(roomId: string): Promise<GroupRow> {
    const group = await this.repos.e2e.group(roomId);
    if (!group) throw new AppError('e2e.group_not_found');
    return group;
  }

  /**
   * The room's group, made once by a member at epoch 0 (E2E-24); only an encrypted room has one
   * (`room.not_e2e`, E2E-40).
   */
  async createGroup(userId: string, roomId: string, input: CreateGroupBody): Promise<E2eGroup> {
    await limitE2e(this.d.limiter, 'write', userId);
    const { room } = await requireE2eMember(this.repos, roomId, userId);
    requireOpen(room);
    if (room.e2e !== 1) throw new AppError('room.not_e2e');
    const row = {
      room_id: roomId,
      group_id: input.groupId,
      epoch: 0,
      group_info: input.groupInfo,
      created_by: userId,
      updated_at: this.d.now(),
    };
    if (!(await this.repos.e2e.insertGroup(row))) throw new AppError('e2e.group_exists');
    return presentGroup({ ...row, rekey_pending: 0 });
  }

  /** The room's group as the server knows it, for its members (E2E-24). */
  async group(userId: string, roomId: string): Promise<E2eGroup> {
    await requireE2eMember(this.repos, roomId, userId);
    return presentGroup(await this.requireGroup(roomId));
  }

  /**
   * A commit made at `epoch` (E2E-25): the compare-and-set `epoch = epoch + 1 where epoch = $e` lets exactly
   * one commit per epoch in; it is logged, its welcome stored for each recipient device, its GroupInfo kept
   * and a pending removal cleared, all in one transaction. A loser gets `EpochConflictError` with the current
   * epoch and the commits from its epoch on. Welcome recipients must be devices of the room's members.
   */
  async submitCommit(userId: string, roomId: string, input: SubmitCommitBody): Promise<{ epoch: number }> {
    await limitE2e(this.d.limiter, 'write', userId);
    const { room } = await requireE2eMember(this.repos, roomId, userId);
    requireOpen(room);
    await this.requireGroup(roomId);
    const recipients = await this.welcomeRecipients(roomId, input.welcome?.deviceIds ?? []);
    const now = this.d.now();
    const welcome = input.welcome && {
      id: this.d.newId(),
      room_id: roomId,
      epoch: input.epoch + 1,
      data: input.welcome.data,
      created_at: now,
    };
    const won = await this.d.uow.transaction(async (tx) => {
      if (!(await tx.e2e.advanceEpoch(roomId, input.epoch, input.groupInfo, now))) return false;
      await tx.e2e.insertCommit({
        room_id: roomId,
        epoch: input.epoch,
        data: input.commit,
        sender_id: userId,
        created_at: now,
      });
      if (welcome)
        await tx.e2e.insertWelcome(
          welcome,
          recipients.map((d) => d.id),
        );
      return true;
    });
    if (!won) {
      const group = await this.requireGroup(roomId);
      const missing = await this.repos.e2e.commitsSince(roomId, input.epoch, E2E_LIMITS.commitsPage);
      throw new EpochConflictError(group.epoch, missing.map(presentCommit));
    }
    this.d.events.e2eEpoch(roomId, input.epoch + 1);
    for (const device of recipients)
      this.d.events.e2eWelcome(device.user_id, { roomId, deviceId: device.id, welcomeId: welcome!.id });
    return { epoch: input.epoch + 1 };
  }

  /** The welcome's recipient devices: each registered, not revoked, and its owner a member of the room. */
  private async welcomeRecipients(roomId: string, deviceIds: string[]): Promise<DeviceRow[]> {
    const ids = [...new Set(deviceIds)];
    if (ids.length === 0) return [];
    const members = new Set(await this.repos.rooms.memberIds(roomId));
    const devices: DeviceRow[] = [];
    for (const id of ids) {
      const device = await this.repos.e2e.device(id);
      if (!device || device.revoked_at !== null || !members.has(device.user_id))
        throw new AppError('e2e.device_not_found');
      devices.push(device);
    }
    return devices;
  }

  /** The handshake log from `since` on, one page, for members (E2E-26). */
  async commitsSince(userId: string, roomId: string, since: number): Promise<CommitsResponse> {
    await requireE2eMember(this.repos, roomId, userId);
    const group = await this.requireGroup(roomId);
    const rows = await this.repos.e2e.commitsSince(roomId, since, E2E_LIMITS.commitsPage + 1);
    const page = rows.slice(0, E2E_LIMITS.commitsPage);
    return {
      currentEpoch: group.epoch,
      commits: page.map(presentCommit),
      hasMore: rows.length > page.length,
    };
  }

  /** The latest GroupInfo, for members (E2E-26). */
  async groupInfo(userId: string, roomId: string): Promise<{ epoch: number; groupInfo: string }> {
    await requireE2eMember(this.repos, roomId, userId);
    const group = await this.requireGroup(roomId);
    return { epoch: group.epoch, groupInfo: group.group_info };
  }

  /** Welcomes waiting for one of the caller's devices (E2E-28); nobody else's. */
  async welcomes(userId: string, deviceId: string): Promise<ReturnType<typeof presentWelcome>[]> {
    await requireOwnDevice(this.repos, userId, deviceId);
    return (await this.repos.e2e.welcomesFor(deviceId)).map(presentWelcome);
  }

  /** Deletes a welcome the caller's device has taken (E2E-28). */
  async deleteWelcome(userId: string, deviceId: string, welcomeId: string): Promise<void> {
    await limitE2e(this.d.limiter, 'write', userId);
    await requireOwnDevice(this.repos, userId, deviceId);
    if (!(await this.repos.e2e.deleteWelcome(deviceId, welcomeId)))
      throw new AppError('e2e.welcome_not_found');
  }

  /**
   * Appends an application message to the room's timeline (E2E-27, E2E-42): a message of kind `e2e` with the
   * client's id and the envelope as its body, from one of the caller's devices, for the group's current epoch
   * and only while no removal is pending (`e2e.stale_epoch`, `e2e.rekey_pending` otherwise). The group row is
   * held while the message is written, so no commit slips between the check and the write. Sending the same
   * id again returns the stored message without storing or announcing it twice.
   */
  async send(userId: string, roomId: string, input: SendCiphertextBody): Promise<Message> {
    const repos = this.repos;
    const existing = await repos.messages.find(input.id);
    if (existing) return this.idempotent(existing, userId, roomId);
    await limitE2e(this.d.limiter, 'send', userId);
    const { room, member } = await requireE2eMember(repos, roomId, userId);
    requireCanPost(room, member);
    if (room.e2e !== 1) throw new AppError('room.not_e2e');
    await requireOwnDevice(repos, userId, input.deviceId);
    const fileIds = input.fileIds ?? [];
    const post = {
      id: input.id,
      roomId,
      senderId: userId,
      kind: 'e2e' as const,
      body: input.ciphertext,
      fileIds,
      epoch: input.epoch,
    };
    const now = this.d.now();
    let row: MessageRow;
    try {
      row = await this.d.uow.transaction(async (tx) => {
        // Checked again inside: a member removed a moment ago cannot slip a message in.
        const current = await tx.rooms.member(roomId, userId);
        if (!current) throw new AppError('room.not_found');
        await requireCurrentEpoch(tx, roomId, input.epoch);
        // The message's encrypted attachments: the sender's own, unused blobs of this room (E2E-72).
        await requireSendableBlobs(tx, userId, roomId, fileIds);
        return this.d.timeline.appendPost(tx, post, now, (r) => requireCanPost(r, current));
      });
    } catch (err) {
      // The same id sent twice at once: the loser returns the winner's message.
      const raced = isUniqueViolation(err) ? await repos.messages.find(input.id) : undefined;
      if (raced) return this.idempotent(raced, userId, roomId);
      throw err;
    }
    const {
      created: [message],
    } = await this.d.timeline.publish({ created: [row] });
    this.d.events.readMoved(roomId, { userId, lastReadSeq: row.seq });
    return message!;
  }

  /** A resent id: the stored message if it is the caller's envelope in this room, `message.id_conflict` if not. */
  private async idempotent(existing: MessageRow, userId: string, roomId: string): Promise<Message> {
    if (existing.sender_id !== userId || existing.room_id !== roomId || existing.kind !== 'e2e')
      throw new AppError('message.id_conflict');
    const ctx = await this.repos.messages.context([existing]);
    return presentMessage(existing, ctx);
  }

  /**
   * Replaces the envelope of the caller's own `e2e` message with an edited one (E2E-43): same device and
   * epoch rules as a send; a deleted message stays deleted. Members get `message:updated`.
   */
  async edit(userId: string, roomId: string, messageId: string, input: EditCiphertextBody): Promise<Message> {
    await limitE2e(this.d.limiter, 'send', userId);
    const repos = this.repos;
    const { room } = await requireE2eMember(repos, roomId, userId);
    requireOpen(room);
    const row = await repos.messages.find(messageId);
    if (!row || row.room_id !== roomId) throw new AppError('message.not_found');
    if (row.kind === 'system') throw new AppError('message.system_immutable');
    if (row.kind !== 'e2e' || row.sender_id !== userId) throw new AppError('message.forbidden');
    if (row.deleted_at !== null) throw new AppError('message.deleted');
    await requireOwnDevice(repos, userId, input.deviceId);
    const now = this.d.now();
    const edited = await this.d.uow.transaction(async (tx) => {
      await requireCurrentEpoch(tx, roomId, input.epoch);
      return this.d.timeline.editEnvelope(tx, row, input.ciphertext, now);
    });
    return (await this.d.timeline.publish({ updated: [edited] })).updated[0]!;
  }

  /**
   * Forgets commits past the handshake log's retention, and welcomes not taken within it (E2E-26, E2E-28);
   * how many commits.
   */
  async pruneHandshakeLog(): Promise<number> {
    const before = this.d.now() - HANDSHAKE_RETENTION_MS;
    await this.repos.e2e.pruneWelcomes(before);
    return this.repos.e2e.pruneCommits(before);
  }
}
