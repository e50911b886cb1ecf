import type {
  Message,
  Presence,
  ReadMark,
  RoomChanged,
  RoomMember,
  RoomRemovedReason,
  RoomSummary,
  UserSummary,
} from '@messenger/shared';
import {
  applyMessages,
  emptyTimeline,
  mergeReads,
  prependPage,
  purgeUntil,
  type PendingMessage,
  type Timeline,
} from '../model/timeline.ts';
import { previewAfterUpdate, roomAfterMessages, roomAfterMyRead, sortRooms } from './roomSummary.ts';
import { applyUserUpdate } from './userUpdate.ts';

export { sortRooms };

/** Everything the chat screens share: rooms, loaded timelines, watermarks, outbox, typing, presence. */
export interface ChatState {
  meId: string;
  rooms: RoomSummary[];
  roomsLoaded: boolean;
  timelines: Record<string, Timeline>;
  /** Read watermarks of the current members, per room. */
  reads: Record<string, ReadonlyMap<string, number>>;
  members: Record<string, RoomMember[]>;
  /** Everyone seen so far (members, senders, peers), so system lines can name people who have left. */
  users: Record<string, UserSummary>;
  pending: PendingMessage[];
  /** Who is typing, per room: user id -> expiry time (ms). */
  typing: Record<string, Record<string, number>>;
  presence: Record<string, { presence: Presence; statusMessage: string }>;
  activeRoomId: string | null;
  /**
   * Per room, my read watermark when I opened it, while it had unread messages: the "unread below" divider
   * stays where it was while I read (the watermark itself moves on).
   */
  unreadMarkers: Record<string, number | null>;
  /** A room the user was removed from while it was open (shown as a notice). */
  removedNotice: { roomName: string; reason: RoomRemovedReason } | null;
  /** A message to bring into view in the open room (a search result chosen), until the timeline takes it. */
  jump: { roomId: string; messageId: string } | null;
}

export type ChatAction =
  | {
      type: 'rooms';
      rooms: RoomSummary[];
      /** Rooms this client changed or removed while the list was being fetched: those changes are newer. */
      changedMeanwhile?: ReadonlyMap<string, RoomChange>;
    }
  | { type: 'room'; room: RoomSummary }
  | ({ type: 'roomChanged' } & RoomChanged)
  | { type: 'roomRemoved'; roomId: string; reason: RoomRemovedReason }
  | { type: 'members'; roomId: string; members: RoomMember[] }
  | { type: 'page'; roomId: string; mode: 'latest' | 'before' | 'after' | 'around'; page: PageData }
  | { type: 'messages'; roomId: string; messages: Message[]; viewing: boolean }
  /** Retention removed the room's messages up to a sequence (`messages:purged`, RET-1). */
  | { type: 'purged'; roomId: string; untilSeq: number }
  /** An encrypted message at `seq` mentions me, found when this device opened it (E2E-50). */
  | { type: 'mentioned'; roomId: string; seq: number }
  | { type: 'reads'; roomId: string; reads: ReadMark[] }
  | { type: 'pending'; pending: PendingMessage[] }
  | { type: 'typing'; roomId: string; userId: string; typing: boolean; now: number }
  | { type: 'presence'; userId: string; presence: Presence; statusMessage: string }
  /** Someone's nickname, status message or image changed (`user:updated`). */
  | { type: 'userUpdated'; user: UserSummary; statusMessage: string }
  | { type: 'open'; roomId: string | null }
  | { type: 'unreadMarker'; roomId: string; seq: number | null }
  | { type: 'dismissNotice' }
  | { type: 'jump'; jump: { roomId: string; messageId: string } | null };

/** How an action affected one room, as far as a room list fetched before it is concerned. */
export type RoomChange = 'changed' | 'removed';

/**
 * The room an action changed, if any. A room list requested before the action is older than it: the list
 * must not undo it (a room added, removed, or given a new message while the request was on its way).
 */
export function roomChangeOf(a: ChatAction): { roomId: string; change: RoomChange } | null {
  switch (a.type) {
    case 'room':
      return { roomId: a.room.id, change: 'changed' };
    case 'roomRemoved':
      return { roomId: a.roomId, change: 'removed' };
    case 'roomChanged':
    case 'messages':
    case 'reads':
    case 'mentioned':
      return { roomId: a.roomId, change: 'changed' };
    default:
      return null;
  }
}

/** A fetched room list, with what changed in this client since it was requested kept (ROOM-7). */
function roomsFromList(s: ChatState, listed: RoomSummary[], changed?: ReadonlyMap<string, RoomChange>) {
  if (!changed || changed.size === 0) return listed;
  const current = new Map(s.rooms.map((r) => [r.id, r]));
  const fromList = listed
    .filter((r) => changed.get(r.id) !== 'removed')
    .map((r) => (changed.get(r.id) === 'changed' ? (current.get(r.id) ?? r) : r));
  const listedIds = new Set(listed.map((r) => r.id));
  const addedMeanwhile = s.rooms.filter((r) => changed.get(r.id) === 'changed' && !listedIds.has(r.id));
  return [...fromList, ...addedMeanwhile];
}

/** A history page as the server returns it. */
export interface PageData {
  messages: Message[];
  hasMoreBefore: boolean;
  hasMoreAfter: boolean;
}

/** How long a typing indicator lasts without a new signal (TYPE-1). */
export const TYPING_TTL_MS = 5_000;

export function initialChatState(meId: string): ChatState {
  return {
    meId,
    rooms: [],
    roomsLoaded: false,
    timelines: {},
    reads: {},
    members: {},
    users: {},
    pending: [],
    typing: {},
    presence: {},
    activeRoomId: null,
    unreadMarkers: {},
    removedNotice: null,
    jump: null,
  };
}

function mapRoom(s: ChatState, roomId: string, fn: (r: RoomSummary) => RoomSummary): RoomSummary[] {
  return s.rooms.map((r) => (r.id === roomId ? fn(r) : r));
}

function applyPage(t: Timeline | undefined, mode: string, page: PageData): Timeline {
  const base = t ?? emptyTimeline;
  if (mode === 'before') return prependPage(base, page.messages, page.hasMoreBefore);
  if (mode === 'after') return { ...applyMessages(base, page.messages), hasMoreAfter: page.hasMoreAfter };
  // latest / around replace what was loaded (a jump may leave a hole); the revision never goes back.
  const fresh = applyMessages({ ...emptyTimeline, rev: 0 }, page.messages);
  return {
    messages: fresh.messages,
    hasMoreBefore: page.hasMoreBefore,
    hasMoreAfter: page.hasMoreAfter,
    rev: Math.max(base.rev, fresh.rev),
  };
}

/** Applies live messages to a timeline; while the newest page is not loaded, new messages wait for paging. */
function applyLive(t: Timeline, messages: Message[]): Timeline {
  if (!t.hasMoreAfter) return applyMessages(t, messages);
  const last = t.messages.at(-1)?.seq ?? 0;
  const known = messages.filter((m) => m.seq <= last);
  const rev = Math.max(t.rev, ...messages.map((m) => m.rev));
  return { ...applyMessages(t, known), rev };
}

/** Adds users to the directory of known people (returns the same object when nothing is new). */
function remember(known: Record<string, UserSummary>, users: (UserSummary | null | undefined)[]) {
  let next = known;
  for (const u of users) {
    if (!u || known[u.id] === u) continue;
    if (next === known) next = { ...known };
    next[u.id] = u;
  }
  return next;
}

export function chatReducer(s: ChatState, a: ChatAction): ChatState {
  const next = reduce(s, a);
  if (a.type === 'members')
    return {
      ...next,
      users: remember(
        next.users,
        a.members.map((m) => m.user),
      ),
    };
  if (a.type === 'messages' || a.type === 'page') {
    const list = a.type === 'page' ? a.page.messages : a.messages;
    return {
      ...next,
      users: remember(
        next.users,
        list.map((m) => m.sender),
      ),
    };
  }
  if (a.type === 'rooms')
    return {
      ...next,
      users: remember(
        next.users,
        a.rooms.map((r) => r.peer),
      ),
    };
  return next;
}

function reduce(s: ChatState, a: ChatAction): ChatState {
  switch (a.type) {
    case 'rooms':
      return { ...s, rooms: sortRooms(roomsFromList(s, a.rooms, a.changedMeanwhile)), roomsLoaded: true };
    case 'room': {
      const others = s.rooms.filter((r) => r.id !== a.room.id);
      return { ...s, rooms: sortRooms([...others, a.room]) };
    }
    case 'roomChanged':
      return {
        ...s,
        rooms: mapRoom(s, a.roomId, (r) => ({
          ...r,
          name: a.name,
          description: a.description,
          memberCount: a.memberCount,
          imageUrl: a.imageUrl,
          invitePolicy: a.invitePolicy,
          postPolicy: a.postPolicy,
          archivedAt: a.archivedAt,
        })),
      };
    case 'roomRemoved': {
      const room = s.rooms.find((r) => r.id === a.roomId);
      const wasOpen = s.activeRoomId === a.roomId;
      return {
        ...s,
        rooms: s.rooms.filter((r) => r.id !== a.roomId),
        activeRoomId: wasOpen ? null : s.activeRoomId,
        removedNotice:
          wasOpen && room
            ? { roomName: room.name ?? room.peer?.nickname ?? '', reason: a.reason }
            : s.removedNotice,
      };
    }
    case 'members': {
      const marks = a.members.map((m) => ({ userId: m.user.id, lastReadSeq: m.lastReadSeq }));
      const old = s.reads[a.roomId] ?? new Map<string, number>();
      const kept = new Map([...old].filter(([id]) => a.members.some((m) => m.user.id === id)));
      // My role follows the member list, so a promotion or an ownership transfer shows at once (ROOM-4).
      const myRole = a.members.find((m) => m.user.id === s.meId)?.role;
      return {
        ...s,
        rooms: myRole ? mapRoom(s, a.roomId, (r) => (r.myRole === myRole ? r : { ...r, myRole })) : s.rooms,
        members: { ...s.members, [a.roomId]: a.members },
        reads: { ...s.reads, [a.roomId]: mergeReads(kept, marks) },
      };
    }
    case 'page':
      return {
        ...s,
        timelines: { ...s.timelines, [a.roomId]: applyPage(s.timelines[a.roomId], a.mode, a.page) },
      };
    case 'messages': {
      const t = s.timelines[a.roomId];
      const fresh = a.messages.filter((m) => !t?.messages.some((x) => x.id === m.id));
      let rooms = mapRoom(s, a.roomId, (r) => roomAfterMessages(r, fresh, s.meId, a.viewing));
      for (const m of a.messages)
        if (!fresh.includes(m)) rooms = mapRoom({ ...s, rooms }, a.roomId, (r) => previewAfterUpdate(r, m));
      const mineSent = fresh.filter((m) => m.sender?.id === s.meId);
      let reads = s.reads;
      if (mineSent.length > 0) {
        const seq = Math.max(...mineSent.map((m) => m.seq));
        reads = {
          ...reads,
          [a.roomId]: mergeReads(reads[a.roomId] ?? new Map(), [{ userId: s.meId, lastReadSeq: seq }]),
        };
      }
      return {
        ...s,
        rooms: fresh.length > 0 ? sortRooms(rooms) : rooms,
        reads,
        timelines: t ? { ...s.timelines, [a.roomId]: applyLive(t, a.messages) } : s.timelines,
        pending: s.pending.filter((p) => !a.messages.some((m) => m.id === p.id)),
      };
    }
    case 'mentioned': {
      // Only while that message is still unread: a mention I already read leaves no mark.
      const room = s.rooms.find((r) => r.id === a.roomId);
      if (!room || room.mentioned || room.unreadCount === 0 || a.seq <= room.lastReadSeq) return s;
      return { ...s, rooms: mapRoom(s, a.roomId, (r) => ({ ...r, mentioned: true })) };
    }
    case 'purged': {
      const t = s.timelines[a.roomId];
      return {
        ...s,
        rooms: mapRoom(s, a.roomId, (r) =>
          r.lastMessage && r.lastMessage.seq <= a.untilSeq ? { ...r, lastMessage: null } : r,
        ),
        timelines: t ? { ...s.timelines, [a.roomId]: purgeUntil(t, a.untilSeq) } : s.timelines,
      };
    }
    case 'reads': {
      const reads = mergeReads(s.reads[a.roomId] ?? new Map(), a.reads);
      const mine = a.reads.find((r) => r.userId === s.meId);
      const rooms = mine
        ? mapRoom(s, a.roomId, (r) => roomAfterMyRead(r, mine.lastReadSeq, s.timelines[a.roomId], s.meId))
        : s.rooms;
      return { ...s, rooms, reads: { ...s.reads, [a.roomId]: reads } };
    }
    case 'pending':
      return { ...s, pending: a.pending };
    case 'typing': {
      const room = { ...s.typing[a.roomId] };
      if (a.typing) room[a.userId] = a.now + TYPING_TTL_MS;
      else delete room[a.userId];
      return { ...s, typing: { ...s.typing, [a.roomId]: room } };
    }
    case 'presence':
      return {
        ...s,
        presence: { ...s.presence, [a.userId]: { presence: a.presence, statusMessage: a.statusMessage } },
      };
    case 'userUpdated':
      return applyUserUpdate(s, a.user, a.statusMessage);
    case 'open':
      return { ...s, activeRoomId: a.roomId, removedNotice: a.roomId ? null : s.removedNotice };
    case 'unreadMarker':
      return { ...s, unreadMarkers: { ...s.unreadMarkers, [a.roomId]: a.seq } };
    case 'dismissNotice':
      return { ...s, removedNotice: null };
    case 'jump':
      return { ...s, jump: a.jump };
  }
}
