import type { Message } from '@messenger/shared';

/** Which messages raise a desktop notification. */
export type NotifyLevel = 'all' | 'mentions' | 'none';

export interface NotifyContext {
  /** The reader. */
  userId: string;
  /** Global preference. */
  global: NotifyLevel;
  /** Per-room preference; `undefined` follows the global one. */
  room?: NotifyLevel;
  /** The room is muted in the room list. */
  muted: boolean;
  /** The reader is looking at this room right now (tab visible and the room open). */
  viewing: boolean;
}

/** Whether a message mentions the reader, by name or @all. */
export function mentionsMe(m: Message, userId: string): boolean {
  return m.mentions.all || m.mentions.userIds.includes(userId);
}

/**
 * Desktop notification rule: never for one's own or system messages, nor for the room being read; a muted
 * room notifies only for mentions; otherwise the room's level, else the global one.
 */
export function shouldNotify(m: Message, c: NotifyContext): boolean {
  const spoken = m.kind === 'text' || m.kind === 'e2e';
  if (!spoken || m.deletedAt || m.sender?.id === c.userId || c.viewing) return false;
  const level = c.room ?? c.global;
  if (level === 'none') return false;
  if (level === 'mentions' || c.muted) return mentionsMe(m, c.userId);
  return true;
}

/** The tab title with the unread total, e.g. "(3) 메신저"; muted rooms do not count. */
export function titleWithUnread(base: string, rooms: { unreadCount: number; muted: boolean }[]): string {
  const total = rooms.reduce((n, r) => n + (r.muted ? 0 : r.unreadCount), 0);
  if (total === 0) return base;
  return `(${total > 99 ? '99+' : total}) ${base}`;
}
