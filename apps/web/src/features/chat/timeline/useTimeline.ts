import type { Message } from '@messenger/shared';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { toItems, unreadCount } from '../model/timeline.ts';
import { useChatState, useChatStore } from '../store/ChatContext.tsx';
import { systemText } from './systemText.ts';
import { withUnreadDivider } from './unreadDivider.ts';

/** The open room's timeline: rows to render, unread numbers, names, and the paging commands. */
export function useTimeline(roomId: string) {
  const { t } = useTranslation();
  const state = useChatState();
  const store = useChatStore();
  const timeline = state.timelines[roomId];
  const reads = state.reads[roomId];
  const members = state.members[roomId];
  const pending = state.pending;

  const items = useMemo(
    () =>
      toItems(
        timeline?.messages ?? [],
        pending.filter((p) => p.roomId === roomId),
      ),
    [timeline, pending, roomId],
  );

  // The divider stays where my watermark was when I opened the room, while I read on (READ-1).
  const marker = state.unreadMarkers[roomId] ?? null;
  const view = useMemo(() => withUnreadDivider(items, marker, state.meId), [items, marker, state.meId]);

  const users = state.users;
  const me = users[state.meId];
  const usernames = useMemo(
    () => new Set((members ?? []).map((m) => m.user.username.toLowerCase())),
    [members],
  );
  // Stable while the members do not change, so memoized rows keep their props.
  const isMention = useCallback((u: string) => u === 'all' || usernames.has(u), [usernames]);

  return {
    loaded: timeline !== undefined,
    items: view.items,
    /** Index of the "unread messages below" divider among the items; the room opens there. */
    unreadIndex: view.index,
    hasMoreBefore: timeline?.hasMoreBefore ?? false,
    hasMoreAfter: timeline?.hasMoreAfter ?? false,
    meId: state.meId,
    /** Owners and admins delete anyone's messages (MSG-7). */
    canModerate: ['owner', 'admin'].includes(state.rooms.find((r) => r.id === roomId)?.myRole ?? ''),
    /** Archived by a server admin (ADMIN-2): read, never changed, so no reaction, edit or deletion is offered. */
    readOnly: Boolean(state.rooms.find((r) => r.id === roomId)?.archivedAt),
    myUsername: me?.username.toLowerCase(),
    isMention,
    unread: (m: Message) => (reads ? unreadCount(m, reads) : 0),
    systemLine: (m: Message) =>
      m.system ? systemText(m.system, (key, vars) => String(t(key as never, vars as never))) : m.body,
    loadOlder: () => store.loadOlder(roomId),
    loadNewer: () => store.loadNewer(roomId),
    loadLatest: () => store.loadLatest(roomId),
    loadAround: (id: string) => store.loadAround(roomId, id),
    markRead: (seq: number) => store.markRead(roomId, seq),
    /** A message to jump to (a chosen search result), once. */
    jumpRequest: state.jump?.roomId === roomId ? state.jump.messageId : null,
    jumpTaken: () => store.jumpTaken(),
  };
}

export type TimelineModel = ReturnType<typeof useTimeline>;
