import { messageSummaryText, UNREAD_KINDS, type Message, type RoomSummary } from '@messenger/shared';
import type { Timeline } from '../model/timeline.ts';

/** Pinned first, then latest activity (ROOM-7). */
export function sortRooms(rooms: RoomSummary[]): RoomSummary[] {
  return [...rooms].sort(
    (a, b) =>
      Number(b.pinned) - Number(a.pinned) || Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt),
  );
}

/**
 * Whether a message counts toward the room list's unread number (ROOM-7): what the server counts (text, polls
 * and encrypted messages, E2E-42), so a direct chat, encrypted by default (E2E-112), shows its badge live.
 */
export function countsUnread(m: Message, meId: string): boolean {
  return (UNREAD_KINDS as readonly string[]).includes(m.kind) && !m.deletedAt && m.sender?.id !== meId;
}

/** The room summary after live messages: preview, last sequence, unread count and mention marker. */
export function roomAfterMessages(
  r: RoomSummary,
  fresh: Message[],
  meId: string,
  viewing: boolean,
): RoomSummary {
  let next = r;
  for (const m of fresh) {
    if (m.seq <= next.lastSeq && next.lastMessage?.id !== m.id) continue;
    const mine = m.sender?.id === meId;
    const unread = !viewing && !mine && countsUnread(m, meId);
    next = {
      ...next,
      lastSeq: Math.max(next.lastSeq, m.seq),
      lastReadSeq: mine ? Math.max(next.lastReadSeq, m.seq) : next.lastReadSeq,
      unreadCount: mine ? 0 : next.unreadCount + (unread ? 1 : 0),
      mentioned: next.mentioned || (unread && (m.mentions.all || m.mentions.userIds.includes(meId))),
      lastActivityAt: m.createdAt > next.lastActivityAt ? m.createdAt : next.lastActivityAt,
      lastMessage: {
        id: m.id,
        seq: m.seq,
        senderId: m.sender?.id ?? null,
        senderNickname: m.sender?.nickname ?? null,
        text: messageSummaryText(m.body, m.files).slice(0, 200),
        kind: m.kind,
        deleted: m.deletedAt !== null,
        createdAt: m.createdAt,
      },
    };
  }
  return next;
}

/** An edit or delete of the message shown as the preview updates the preview. */
export function previewAfterUpdate(r: RoomSummary, m: Message): RoomSummary {
  if (r.lastMessage?.id !== m.id) return r;
  return {
    ...r,
    lastMessage: {
      ...r.lastMessage,
      text: messageSummaryText(m.body, m.files).slice(0, 200),
      deleted: m.deletedAt !== null,
    },
  };
}

/** Unread count of the room list once my watermark moved: from the loaded timeline when it covers it. */
export function roomAfterMyRead(
  r: RoomSummary,
  seq: number,
  t: Timeline | undefined,
  meId: string,
): RoomSummary {
  if (seq <= r.lastReadSeq) return r;
  const first = t?.messages[0];
  let unreadCount = 0;
  if (seq < r.lastSeq) {
    const counted = (from: number, to: number) =>
      t!.messages.filter((m) => m.seq > from && m.seq <= to && countsUnread(m, meId)).length;
    if (t && first && first.seq <= seq + 1 && !t.hasMoreAfter) unreadCount = counted(seq, Infinity);
    // Opened at the first unread message, the newest ones not loaded yet: subtract what was just read.
    else if (t && first && first.seq <= r.lastReadSeq + 1)
      unreadCount = Math.max(0, r.unreadCount - counted(r.lastReadSeq, seq));
    else unreadCount = r.unreadCount;
  }
  return { ...r, lastReadSeq: seq, unreadCount, mentioned: unreadCount > 0 && r.mentioned };
}
