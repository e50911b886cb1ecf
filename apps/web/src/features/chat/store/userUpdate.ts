import type { Message, RoomMember, RoomSummary, UserSummary } from '@messenger/shared';
import type { Timeline } from '../model/timeline.ts';
import type { ChatState } from './chatState.ts';

/** A message with a person's new name and image on it (as sender and in the quote it replies to). */
function messageWith(m: Message, user: UserSummary): Message {
  const sender = m.sender?.id === user.id ? user : m.sender;
  const quote =
    m.replyTo?.senderId === user.id && m.replyTo.senderNickname !== user.nickname
      ? { ...m.replyTo, senderNickname: user.nickname }
      : m.replyTo;
  return sender === m.sender && quote === m.replyTo ? m : { ...m, sender, replyTo: quote };
}

function timelineWith(t: Timeline, user: UserSummary): Timeline {
  const touched = t.messages.some((m) => m.sender?.id === user.id || m.replyTo?.senderId === user.id);
  return touched ? { ...t, messages: t.messages.map((m) => messageWith(m, user)) } : t;
}

function touchesRoom(r: RoomSummary, user: UserSummary): boolean {
  return (
    r.peer?.id === user.id ||
    (r.lastMessage?.senderId === user.id && r.lastMessage.senderNickname !== user.nickname)
  );
}

/** The direct-room peer and the room list's preview ("name: text") both take the new name. */
function roomWith(r: RoomSummary, user: UserSummary): RoomSummary {
  if (!touchesRoom(r, user)) return r;
  const peer = r.peer?.id === user.id ? user : r.peer;
  const last = r.lastMessage;
  const lastMessage =
    last?.senderId === user.id && last.senderNickname !== user.nickname
      ? { ...last, senderNickname: user.nickname }
      : last;
  return { ...r, peer, lastMessage };
}

function membersWith(list: RoomMember[], user: UserSummary): RoomMember[] {
  return list.some((m) => m.user.id === user.id)
    ? list.map((m) => (m.user.id === user.id ? { ...m, user } : m))
    : list;
}

function mapValues<T>(record: Record<string, T>, fn: (v: T) => T): Record<string, T> {
  let next = record;
  for (const [k, v] of Object.entries(record)) {
    const changed = fn(v);
    if (changed === v) continue;
    if (next === record) next = { ...record };
    next[k] = changed;
  }
  return next;
}

/**
 * Someone changed their nickname, status message or profile image (`user:updated`, FILE-12): every cached
 * copy of them (directory, direct-room peers, room-list previews, member lists, message senders and quotes, status) takes the new
 * one, so the change shows at once everywhere without reloading anything. Untouched parts keep their identity.
 */
export function applyUserUpdate(s: ChatState, user: UserSummary, statusMessage: string): ChatState {
  const presence = s.presence[user.id];
  return {
    ...s,
    users: { ...s.users, [user.id]: user },
    rooms: s.rooms.some((r) => touchesRoom(r, user)) ? s.rooms.map((r) => roomWith(r, user)) : s.rooms,
    members: mapValues(s.members, (list) => membersWith(list, user)),
    timelines: mapValues(s.timelines, (t) => timelineWith(t, user)),
    presence:
      presence?.statusMessage === statusMessage
        ? s.presence
        : {
            ...s.presence,
            [user.id]: { presence: presence?.presence ?? 'offline', statusMessage },
          },
  };
}
