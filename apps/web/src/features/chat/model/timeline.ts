import type { FileInfo, Message, ReadMark } from '@messenger/shared';
import { dateFormat } from '../../../lib/time.ts';

/** A message the user sent that the server has not acknowledged yet (kept in the outbox). */
export interface PendingMessage {
  id: string;
  roomId: string;
  body: string;
  replyToId?: string;
  /** Upload tokens of the attached files (single use, valid for minutes). */
  uploadTokens?: string[];
  /** The attached files, shown while the message is on its way. */
  files?: FileInfo[];
  createdAt: string;
  status: 'pending' | 'failed';
  /** Error code of the last failed attempt. */
  errorCode?: string;
  /**
   * An end-to-end encrypted room's message (E2E-42): sent through the E2E worker and kept in memory only, never
   * in the outbox's localStorage (no plaintext at rest); the user ids it mentions travel inside it.
   */
  e2e?: { mentions: string[]; files?: string[] };
}

/** What the chat view shows of one room. */
export interface Timeline {
  /** Confirmed messages, ascending by sequence, each id once. */
  messages: Message[];
  hasMoreBefore: boolean;
  hasMoreAfter: boolean;
  /** Highest room revision applied: the resume point after a reconnect (RT-3). */
  rev: number;
}

export const emptyTimeline: Timeline = { messages: [], hasMoreBefore: true, hasMoreAfter: false, rev: 0 };

/**
 * Inserts or replaces messages. A message replaces the stored one only if its revision is newer, so late or
 * repeated events never undo an edit or a delete; the result stays sorted by sequence without duplicates.
 */
export function applyMessages(t: Timeline, incoming: Message[]): Timeline {
  if (incoming.length === 0) return t;
  const byId = new Map(t.messages.map((m) => [m.id, m]));
  let rev = t.rev;
  for (const m of incoming) {
    const known = byId.get(m.id);
    if (!known || known.rev < m.rev) byId.set(m.id, m);
    rev = Math.max(rev, m.rev);
  }
  const messages = [...byId.values()].sort((a, b) => a.seq - b.seq);
  return { ...t, messages, rev };
}

/** Adds an older page of history. */
export function prependPage(t: Timeline, page: Message[], hasMoreBefore: boolean): Timeline {
  return { ...applyMessages(t, page), hasMoreBefore };
}

/**
 * Retention removed the room's messages up to `untilSeq` for good (RET-1): they leave the timeline, and
 * replies quoting one of them now say their original was removed (RET-4).
 */
export function purgeUntil(t: Timeline, untilSeq: number): Timeline {
  const messages = t.messages
    .filter((m) => m.seq > untilSeq)
    .map((m) => (m.replyTo && m.replyTo.seq <= untilSeq ? { ...m, replyTo: null, replyToRemoved: true } : m));
  return { ...t, messages };
}

/** A live message arrived after a hole (missed events): the caller must fetch what lies between. */
export function hasGapBefore(t: Timeline, m: Message): boolean {
  const last = t.messages.at(-1);
  return last !== undefined && m.seq > last.seq + 1 && !t.messages.some((x) => x.id === m.id);
}

/** Read watermarks by user id, merged forward only (READ-1). */
export function mergeReads(current: ReadonlyMap<string, number>, marks: ReadMark[]): Map<string, number> {
  const next = new Map(current);
  for (const m of marks) next.set(m.userId, Math.max(next.get(m.userId) ?? 0, m.lastReadSeq));
  return next;
}

/** KakaoTalk's number: how many current members other than the sender have not read this message yet. */
export function unreadCount(m: Message, reads: ReadonlyMap<string, number>): number {
  if (m.kind === 'system' || m.deletedAt) return 0;
  let n = 0;
  for (const [userId, seq] of reads) if (userId !== m.sender?.id && seq < m.seq) n++;
  return n;
}

/** One row of the rendered list. */
export type TimelineItem =
  | { type: 'date'; key: string; date: string }
  | { type: 'message'; key: string; message: Message; continued: boolean }
  | { type: 'pending'; key: string; pending: PendingMessage };

/** Messages from one sender within this many minutes are grouped under one header. */
const GROUP_MINUTES = 5;

/** The YYYY-MM-DD day of an instant in the time zone (the viewer's own when none is given). */
function dayKey(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (timeZone !== undefined)
    return dateFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Date dividers and sender grouping, in the viewer's time zone; pending messages come last. */
export function toItems(messages: Message[], pending: PendingMessage[], timeZone?: string): TimelineItem[] {
  const items: TimelineItem[] = [];
  let prev: Message | undefined;
  let prevDay: string | undefined;
  for (const m of messages) {
    const day = dayKey(m.createdAt, timeZone);
    const newDay = day !== prevDay;
    if (newDay) items.push({ type: 'date', key: `d-${day}`, date: day });
    const continued =
      !newDay &&
      prev !== undefined &&
      prev.kind === 'text' &&
      m.kind === 'text' &&
      prev.sender?.id === m.sender?.id &&
      Date.parse(m.createdAt) - Date.parse(prev.createdAt) < GROUP_MINUTES * 60_000;
    items.push({ type: 'message', key: m.id, message: m, continued });
    prev = m;
    prevDay = day;
  }
  for (const p of pending) items.push({ type: 'pending', key: `p-${p.id}`, pending: p });
  return items;
}
