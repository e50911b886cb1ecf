import {
  E2E_ROOM_MEMBERS_MAX,
  type E2ePolicy,
  type RoomDetailResponse,
  type RoomMember,
  type RoomSummary,
} from '@messenger/shared';
import type { ConversationRepos, UnitOfWork } from '../../db/unit-of-work.ts';
import { AppError } from '../../app-error.ts';
import type { ConversationEvents } from '../messages/conversation-events.ts';
import type { MessageRow } from '../messages/messages.repository.ts';
import type { FileRow } from '../files/files.repository.ts';
import { presentPreview } from '../messages/messages.presenter.ts';
import { presentMember, presentRoomChanged, presentRoomSummary } from './rooms.presenter.ts';
import {
  requireCanInvite,
  requireCanKick,
  requireManager,
  requireOpen,
  requireOwner,
} from './rooms.policy.ts';
import type { SystemFact, Timeline } from '../timeline/timeline.ts';
import type { MemberRow, RoomRow } from './rooms.repository.ts';
import { directKey, directPeer } from './direct-key.ts';

export interface RoomsServiceDeps {
  uow: UnitOfWork;
  events: ConversationEvents;
  /** Writes and announces the system messages of membership changes (ROOM-6). */
  timeline: Timeline;
  now: () => number;
  newId: () => string;
  /** Which new rooms may be end-to-end encrypted (E2E-110; the server setting); `default` when not given. */
  e2ePolicy?: () => Promise<E2ePolicy>;
}

/** A member's removal written in a transaction, to be announced after its commit. */
export interface MemberRemoval {
  roomId: string;
  userId: string;
  reason: 'left' | 'kicked';
  /** The system messages written (`left`/`kicked`, and `owner_transferred` on succession). */
  system: MessageRow[];
}

/** Settings of a new room: no image, admins invite (ROOM-3), everyone posts. */
const NEW_ROOM_SETTINGS = {
  image_version: 0,
  invite_policy: 'admins',
  post_policy: 'everyone',
  archived_at: null,
  legal_hold: 0,
  retention_days: null,
} as const satisfies Partial<RoomRow>;

/** Rooms, membership and roles (SPEC ROOM-*). Every room-scoped action checks membership here. */
export class RoomsService {
  private readonly d: RoomsServiceDeps;

  constructor(deps: RoomsServiceDeps) {
    this.d = deps;
  }

  private get repos(): ConversationRepos {
    return this.d.uow.repos;
  }

  /** The room and the caller's membership, or room.not_found / room.not_member. */
  private async membership(roomId: string, userId: string): Promise<{ room: RoomRow; member: MemberRow }> {
    const room = await this.repos.rooms.findRoom(roomId);
    if (!room) throw new AppError('room.not_found');
    const member = await this.repos.rooms.member(roomId, userId);
    if (!member) throw new AppError('room.not_member');
    return { room, member };
  }

  /** Ids of the user's rooms (socket subscriptions, presence fan-out). */
  roomIdsOf(userId: string): Promise<string[]> {
    return this.repos.rooms.roomIdsOf(userId);
  }

  /** The caller's rooms: pinned first, then by latest activity (ROOM-7). */
  async list(userId: string): Promise<RoomSummary[]> {
    const entries = await this.repos.rooms.roomsOf(userId);
    return this.summaries(userId, entries);
  }

  private async summaries(
    userId: string,
    entries: { room: RoomRow; member: MemberRow }[],
  ): Promise<RoomSummary[]> {
    const ids = entries.map((e) => e.room.id);
    const extras = await this.repos.rooms.listExtras(userId, ids);
    const latest = await this.repos.messages.latestOf(ids);
    const senders = new Map(
      (
        await this.repos.users.findMany([
          ...new Set(latest.map((m) => m.sender_id).filter((v): v is string => !!v)),
        ])
      ).map((u) => [u.id, u]),
    );
    const latestByRoom = new Map(latest.map((m) => [m.room_id, m]));
    const missingPeers = entries
      .filter((e) => e.room.kind === 'direct' && !extras.directPeers.has(e.room.id))
      .map((e) => peerIdOf(e.room, userId))
      .filter((v): v is string => !!v);
    const leftPeers = new Map((await this.repos.users.findMany(missingPeers)).map((u) => [u.id, u]));
    // File-only last messages are previewed by their file names.
    const filesOf = new Map<string, FileRow[]>();
    const withFiles = [...latestByRoom.values()].filter((m) => Number(m.file_count) > 0).map((m) => m.id);
    for (const f of await this.repos.files.forMessages(withFiles))
      filesOf.set(f.message_id!, [...(filesOf.get(f.message_id!) ?? []), f]);
    const rooms = entries.map(({ room, member }) => {
      const last = latestByRoom.get(room.id);
      const peerId = peerIdOf(room, userId);
      return presentRoomSummary({
        room,
        member,
        memberCount: extras.memberCounts.get(room.id) ?? 0,
        unreadCount: extras.unreadCounts.get(room.id) ?? 0,
        mentioned: extras.mentionedRooms.has(room.id),
        peer: extras.directPeers.get(room.id) ?? (peerId ? leftPeers.get(peerId) : undefined),
        peerId,
        lastMessage: last
          ? presentPreview(
              last,
              last.sender_id ? (senders.get(last.sender_id)?.nickname ?? null) : null,
              filesOf.get(last.id),
            )
          : null,
      });
    });
    return rooms.sort(
      (a, b) => Number(b.pinned) - Number(a.pinned) || b.lastActivityAt.localeCompare(a.lastActivityAt),
    );
  }

  /** One room with its members, for a member. */
  async detail(userId: string, roomId: string): Promise<RoomDetailResponse> {
    const { room, member } = await this.membership(roomId, userId);
    const [summary] = await this.summaries(userId, [{ room, member }]);
    const members = await this.repos.rooms.members(roomId);
    return { room: summary!, members: members.map(presentMember) };
  }

  /**
   * The direct room of a pair, created on first use; asking again returns it (ROOM-1). The encrypted one is
   * a room of its own beside the standard one, made once and returned after that as well (E2E-40).
   */
  async openDirect(userId: string, peerId: string, encrypted = false): Promise<RoomDetailResponse> {
    if (peerId === userId) throw new AppError('room.self_direct');
    if (encrypted) await this.requireE2eAllowed();
    const peer = await this.repos.users.findById(peerId);
    if (!peer) throw new AppError('user.not_found');
    const key = directKey(userId, peerId, encrypted);
    // The direct room with someone who deleted their account stays readable but never reopens (ACCT-3).
    if (peer.deleted_at !== null) {
      const existing = await this.repos.rooms.findDirect(key);
      if (existing && (await this.repos.rooms.member(existing.id, userId)))
        return this.detail(userId, existing.id);
      throw new AppError('user.deleted');
    }
    // A deactivated person keeps their existing direct rooms, but nobody starts a new one with them (ACCT-4).
    if (peer.deactivated_at !== null) {
      const existing = await this.repos.rooms.findDirect(key);
      if (!existing || !(await this.repos.rooms.member(existing.id, userId)))
        throw new AppError('user.deactivated');
    }
    const now = this.d.now();
    const joined = await this.d.uow.transaction(async (tx) => {
      let room = await tx.rooms.findDirect(key);
      if (!room) {
        room = {
          id: this.d.newId(),
          kind: 'direct',
          name: null,
          description: '',
          direct_key: key,
          created_by: userId,
          created_at: now,
          last_seq: 0,
          last_rev: 0,
          last_activity_at: now,
          ...NEW_ROOM_SETTINGS,
          e2e: encrypted ? 1 : 0,
        };
        await tx.rooms.insertRoom(room);
      }
      // Someone who left a direct room comes back when either side opens it again.
      const present = new Set(await tx.rooms.memberIds(room.id));
      const missing = [userId, peerId].filter((id) => !present.has(id));
      await tx.rooms.addMembers(
        missing.map((id) => memberRow(room.id, id, 'member', now, Number(room.last_seq))),
      );
      return { roomId: room.id, missing };
    });
    await this.announceJoins(joined.roomId, joined.missing, []);
    return this.detail(userId, joined.roomId);
  }

  /**
   * New encrypted rooms are refused while the server's policy is `off` (E2E-111); rooms made before stay
   * encrypted and usable. A room asked for without `encrypted` is standard whatever the policy: the web
   * client applies the default (E2E-112), so bots and API clients keep getting what they asked for.
   */
  private async requireE2eAllowed(): Promise<void> {
    if ((await this.d.e2ePolicy?.()) === 'off') throw new AppError('room.e2e_disabled');
  }

  /**
   * A group room; the creator is owner, the invited are members (ROOM-2). An encrypted one (E2E-40) is so
   * for good and starts with at most E2E_ROOM_MEMBERS_MAX members.
   */
  async createGroup(
    userId: string,
    input: { name: string; description?: string; memberIds: string[]; encrypted?: boolean },
  ): Promise<RoomDetailResponse> {
    const others = input.memberIds.filter((id) => id !== userId);
    if (input.encrypted) await this.requireE2eAllowed();
    // The cap counts the people asked for, before anyone is looked up (E2E-40).
    if (input.encrypted && new Set(others).size + 1 > E2E_ROOM_MEMBERS_MAX)
      throw new AppError('room.e2e_too_large');
    const invitees = await this.existingUsers(others);
    const now = this.d.now();
    const roomId = this.d.newId();
    const system = await this.d.uow.transaction(async (tx) => {
      await tx.rooms.insertRoom({
        id: roomId,
        kind: 'group',
        name: input.name,
        description: input.description ?? '',
        direct_key: null,
        created_by: userId,
        created_at: now,
        last_seq: 0,
        last_rev: 0,
        last_activity_at: now,
        ...NEW_ROOM_SETTINGS,
        e2e: input.encrypted ? 1 : 0,
      });
      await tx.rooms.addMembers([
        memberRow(roomId, userId, 'owner', now, 0),
        ...invitees.map((id) => memberRow(roomId, id, 'member', now, 0)),
      ]);
      return [
        await this.system(
          tx,
          roomId,
          { type: 'room_created', actorId: userId, targetIds: invitees, value: input.name },
          now,
        ),
      ];
    });
    await this.announceJoins(roomId, [userId, ...invitees], system);
    return this.detail(userId, roomId);
  }

  /** Invites several people in one call; already-members are skipped (ROOM-3). */
  async invite(userId: string, roomId: string, userIds: string[]): Promise<RoomMember[]> {
    const { room, member } = await this.membership(roomId, userId);
    requireCanInvite(room, member);
    const present = new Set(await this.repos.rooms.memberIds(roomId));
    // An encrypted room's group grows by one commit per device: its size is capped (E2E-40), counted before
    // anyone is looked up.
    const capped = room.e2e === 1;
    const asked = new Set(userIds.filter((id) => !present.has(id)));
    if (capped && present.size + asked.size > E2E_ROOM_MEMBERS_MAX) throw new AppError('room.e2e_too_large');
    const invitees = (await this.existingUsers(userIds)).filter((id) => !present.has(id));
    if (invitees.length > 0) {
      const now = this.d.now();
      const system = await this.d.uow.transaction(async (tx) => {
        await tx.rooms.addMembers(
          invitees.map((id) => memberRow(roomId, id, 'member', now, Number(room.last_seq))),
        );
        for (const id of invitees)
          await tx.audit.record(
            { actorId: userId, action: 'room.member_invited', roomId, targetId: id },
            now,
          );
        const joined = await this.system(
          tx,
          roomId,
          { type: 'joined', actorId: userId, targetIds: invitees, value: null },
          now,
        );
        // Counted again once the system message holds the room's counter row: two invitations at once
        // cannot pass the cap together.
        if (capped && (await tx.rooms.memberIds(roomId)).length > E2E_ROOM_MEMBERS_MAX)
          throw new AppError('room.e2e_too_large');
        return [joined];
      });
      await this.announceJoins(roomId, invitees, system);
    }
    return (await this.repos.rooms.members(roomId)).map(presentMember);
  }

  /** Leaves a room; the room keeps an owner (ROOM-5). */
  async leave(userId: string, roomId: string): Promise<void> {
    await this.membership(roomId, userId);
    await this.removeMember(
      roomId,
      userId,
      { type: 'left', actorId: userId, targetIds: [userId], value: null },
      'left',
    );
  }

  /** Removes a member (managers; only the owner removes an admin) (ROOM-3). */
  async kick(userId: string, roomId: string, targetId: string): Promise<void> {
    const { room, member } = await this.membership(roomId, userId);
    requireManager(room, member);
    requireOpen(room);
    const target = await this.repos.rooms.member(roomId, targetId);
    if (!target) throw new AppError('room.target_not_member');
    requireCanKick(member, target);
    await this.removeMember(
      roomId,
      targetId,
      { type: 'kicked', actorId: userId, targetIds: [targetId], value: null },
      'kicked',
    );
  }

  private async removeMember(
    roomId: string,
    targetId: string,
    event: SystemFact,
    reason: 'left' | 'kicked',
  ): Promise<void> {
    const now = this.d.now();
    const removal = await this.d.uow.transaction(async (tx) => {
      const r = await this.removeMemberIn(tx, roomId, targetId, event, reason, now);
      if (!r) throw new AppError('room.target_not_member');
      return r;
    });
    await this.announceRemoval(removal);
  }

  /**
   * Leaves a group inside the caller's transaction (account deletion, ACCT-3), with owner succession
   * (ROOM-5); the caller announces it with `announceRemoval` once that transaction committed. Null when the
   * user is no longer a member (kicked or left since the caller listed their rooms): nothing to do.
   */
  leaveIn(tx: ConversationRepos, userId: string, roomId: string, now: number): Promise<MemberRemoval | null> {
    const event = { type: 'left' as const, actorId: userId, targetIds: [userId], value: null };
    return this.removeMemberIn(tx, roomId, userId, event, 'left', now);
  }

  /**
   * Writes a member's removal: the row, its system messages, audit entries and the next owner if needed.
   * Null, with nothing written, if the membership is already gone: the delete itself decides, so a removal
   * that committed after the caller read the members is seen here.
   */
  private async removeMemberIn(
    tx: ConversationRepos,
    roomId: string,
    targetId: string,
    event: SystemFact,
    reason: 'left' | 'kicked',
    now: number,
  ): Promise<MemberRemoval | null> {
    const role = await tx.rooms.removeMember(roomId, targetId);
    if (!role) return null;
    // An E2E room's key must change before anyone sends again (E2E-27).
    await tx.e2e.markRekeyPending(roomId, now);
    const rows = [await this.system(tx, roomId, event, now)];
    if (reason === 'kicked')
      await tx.audit.record(
        {
          actorId: event.actorId,
          action: 'room.member_kicked',
          roomId,
          targetId,
          detail: { role },
        },
        now,
      );
    const successor = await ensureOwner(tx, roomId, role);
    if (successor) {
      await tx.audit.record(
        {
          actorId: null,
          action: 'room.owner_succeeded',
          roomId,
          targetId: successor,
          detail: { from: targetId },
        },
        now,
      );
      rows.push(
        await this.system(
          tx,
          roomId,
          { type: 'owner_transferred', actorId: null, targetIds: [successor], value: 'owner' },
          now,
        ),
      );
    }
    return { roomId, userId: targetId, reason, system: rows };
  }

  /** Announces a committed removal; delivery stops before anyone hears of it (ROOM-8). */
  async announceRemoval(removal: MemberRemoval): Promise<void> {
    // The removed user's sockets leave the room first.
    this.d.events.memberRemoved(removal.roomId, removal.userId, removal.reason);
    await this.d.timeline.publish({ created: removal.system });
    await this.announceMembers(removal.roomId);
  }

  /** Renames a group (managers) (ROOM-3). */
  async rename(userId: string, roomId: string, name: string): Promise<void> {
    const { room, member } = await this.membership(roomId, userId);
    requireManager(room, member);
    requireOpen(room);
    if (room.name === name) return;
    const now = this.d.now();
    const system = await this.d.uow.transaction(async (tx) => {
      await tx.rooms.rename(roomId, name);
      await tx.audit.record(
        {
          actorId: userId,
          action: 'room.settings_changed',
          roomId,
          detail: { name: { from: room.name, to: name } },
        },
        now,
      );
      return [
        await this.system(tx, roomId, { type: 'renamed', actorId: userId, targetIds: [], value: name }, now),
      ];
    });
    await this.d.timeline.publish({ created: system });
    await this.announceRoom(roomId);
  }

  /** Promotes a member to admin or demotes an admin (owner only) (ROOM-4). */
  async setRole(
    userId: string,
    roomId: string,
    targetId: string,
    role: 'admin' | 'member',
  ): Promise<RoomMember[]> {
    const { room, member } = await this.membership(roomId, userId);
    requireOwner(room, member);
    requireOpen(room);
    const target = await this.repos.rooms.member(roomId, targetId);
    if (!target) throw new AppError('room.target_not_member');
    if (target.role === 'owner') throw new AppError('room.cannot_target_owner');
    if (target.role !== role) {
      const now = this.d.now();
      const system = await this.d.uow.transaction(async (tx) => {
        await tx.rooms.setRole(roomId, targetId, role);
        await tx.audit.record(
          {
            actorId: userId,
            action: 'room.role_changed',
            roomId,
            targetId,
            detail: { from: target.role, to: role },
          },
          now,
        );
        return [
          await this.system(
            tx,
            roomId,
            { type: 'role_changed', actorId: userId, targetIds: [targetId], value: role },
            now,
          ),
        ];
      });
      await this.d.timeline.publish({ created: system });
      await this.announceMembers(roomId);
    }
    return (await this.repos.rooms.members(roomId)).map(presentMember);
  }

  /** Hands ownership to another member; the old owner becomes admin (ROOM-4). */
  async transferOwnership(userId: string, roomId: string, targetId: string): Promise<RoomMember[]> {
    const { room, member } = await this.membership(roomId, userId);
    requireOwner(room, member);
    requireOpen(room);
    if (targetId === userId) return (await this.repos.rooms.members(roomId)).map(presentMember);
    if (!(await this.repos.rooms.member(roomId, targetId))) throw new AppError('room.target_not_member');
    const now = this.d.now();
    const system = await this.d.uow.transaction(async (tx) => {
      await tx.rooms.setRole(roomId, targetId, 'owner');
      await tx.rooms.setRole(roomId, userId, 'admin');
      await tx.audit.record({ actorId: userId, action: 'room.owner_transferred', roomId, targetId }, now);
      return [
        await this.system(
          tx,
          roomId,
          { type: 'owner_transferred', actorId: userId, targetIds: [targetId], value: 'owner' },
          now,
        ),
      ];
    });
    await this.d.timeline.publish({ created: system });
    await this.announceMembers(roomId);
    return (await this.repos.rooms.members(roomId)).map(presentMember);
  }

  /** The caller's own pin-to-top and mute (ROOM-7). */
  async updateSettings(
    userId: string,
    roomId: string,
    s: { pinned?: boolean; muted?: boolean },
  ): Promise<RoomSummary> {
    await this.membership(roomId, userId);
    const set: { pinned?: number; muted?: number } = {};
    if (s.pinned !== undefined) set.pinned = s.pinned ? 1 : 0;
    if (s.muted !== undefined) set.muted = s.muted ? 1 : 0;
    await this.repos.rooms.updateSettings(roomId, userId, set);
    return (await this.detail(userId, roomId)).room;
  }

  /** People to add to a group: each must exist (not deleted) and be active (not deactivated, ACCT-4). */
  private async existingUsers(ids: string[]): Promise<string[]> {
    const found = (await this.repos.users.findMany([...new Set(ids)])).filter((u) => u.deleted_at === null);
    if (found.length !== new Set(ids).size) throw new AppError('user.not_found');
    if (found.some((u) => u.deactivated_at !== null)) throw new AppError('user.deactivated');
    return found.map((u) => u.id);
  }

  private system(tx: ConversationRepos, roomId: string, fact: SystemFact, now: number): Promise<MessageRow> {
    return this.d.timeline.appendSystem(tx, roomId, fact, now);
  }

  private async announceJoins(roomId: string, userIds: string[], system: MessageRow[]): Promise<void> {
    if (userIds.length > 0) {
      const summaries = await Promise.all(
        userIds.map(async (id) => ({ userId: id, room: (await this.detail(id, roomId)).room })),
      );
      this.d.events.membersJoined(roomId, summaries);
    }
    await this.d.timeline.publish({ created: system });
    if (userIds.length > 0) await this.announceMembers(roomId);
  }

  private async announceMembers(roomId: string): Promise<void> {
    const members = await this.repos.rooms.members(roomId);
    this.d.events.membersChanged(roomId, members.map(presentMember));
    await this.announceRoom(roomId, members.length);
  }

  /** Pushes a room's shared details as they are now to every member (ADM-1). */
  async announceRoom(roomId: string, memberCount?: number): Promise<void> {
    const room = await this.repos.rooms.findRoom(roomId);
    if (!room) return;
    const count = memberCount ?? (await this.repos.rooms.memberIds(roomId)).length;
    this.d.events.roomChanged(presentRoomChanged(room, count));
  }
}

function memberRow(
  roomId: string,
  userId: string,
  role: MemberRow['role'],
  now: number,
  lastReadSeq: number,
): MemberRow {
  return {
    room_id: roomId,
    user_id: userId,
    role,
    joined_at: now,
    last_read_seq: lastReadSeq,
    pinned: 0,
    muted: 0,
  };
}

function peerIdOf(room: RoomRow, userId: string): string | null {
  return room.kind === 'direct' ? directPeer(room.direct_key, userId) : null;
}

/**
 * A group never stays without an owner: when the owner leaves, the longest-standing admin, or else the
 * longest-standing member, becomes owner (ROOM-5, seed R-08). Returns the new owner's id, if one was named.
 */
async function ensureOwner(
  tx: ConversationRepos,
  roomId: string,
  removedRole: MemberRow['role'],
): Promise<string | null> {
  if (removedRole !== 'owner') return null;
  const room = await tx.rooms.findRoom(roomId);
  if (room?.kind !== 'group') return null;
  const rest = await tx.rooms.members(roomId);
  const next = rest.find((m) => m.role === 'admin') ?? rest[0];
  if (!next) return null;
  await tx.rooms.setRole(roomId, next.user_id, 'owner');
  return next.user_id;
}
