import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useDeferredValue,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type RefObject,
} from 'react';
import { useTranslation } from 'react-i18next';
import { MessageItem } from './MessageItem.tsx';
import { PendingItem } from './PendingItem.tsx';
import { dayLabel } from './format.ts';
import { messageRowProps, type RowActions, type RowContext } from './rowProps.ts';
import type { MessageActionsModel } from './useMessageActions.ts';
import { useScrollAnchor } from './useScrollAnchor.ts';
import type { ViewItem } from './unreadDivider.ts';
import type { TimelineModel } from './useTimeline.ts';

export interface MessageListProps {
  model: TimelineModel;
  actions: MessageActionsModel;
  /** Filled with "jump to this message", for callers outside the list (the notices panel). */
  jumpRef?: RefObject<((messageId: string) => void) | null>;
}

const READ_DEBOUNCE_MS = 300;
const NO_ROWS: ViewItem[] = [];

/** The virtualized timeline: date dividers, grouped messages, pending sends, paging and read marking. */
export function MessageList({ model, actions, jumpRef }: MessageListProps) {
  const { t, i18n } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  // New rows (a room's first page, a page of history) render in the background, in slices the browser can
  // interrupt, instead of one task that blocks the page while dozens of rows are made; the rest of the screen
  // (header, composer, room list) updates at once. A room opens with no rows and gets them this way too.
  const items = useDeferredValue(model.items, NO_ROWS);
  const rowsPending = items !== model.items;
  const unreadIndex = useMemo(() => {
    const at = items.findIndex((i) => i.type === 'unread');
    return at < 0 ? null : at;
  }, [items]);
  // The virtualizer returns fresh functions each render by design (no compiler memoization here).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) =>
      items[i]?.type === 'date' || items[i]?.type === 'unread'
        ? 40
        : items[i]?.type === 'message' && items[i].continued
          ? 28
          : 60,
    getItemKey: (i) => items[i]!.key,
    // Rows made beyond each edge of the screen: enough for smooth scrolling, few enough to open a room quickly.
    overscan: 5,
  });
  const anchor = useScrollAnchor(items, virtualizer, scrollRef, contentRef, model.meId, unreadIndex);
  const readTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  /** The highest sequence on screen, or 0 when no message is. */
  const visibleSeq = () => {
    const el = scrollRef.current;
    if (!el) return 0;
    let seq = 0;
    for (const v of virtualizer.getVirtualItems()) {
      const item = items[v.index];
      if (item?.type === 'message' && v.start < el.scrollTop + el.clientHeight && v.end > el.scrollTop)
        seq = Math.max(seq, item.message.seq);
    }
    return seq;
  };

  /**
   * Sends the highest sequence on screen as read after a short pause while the tab is visible (READ-1). What
   * is on screen is read when the pause ends: reading the scroll position on every render would make the
   * browser lay out the rows it has just been given, in the same task.
   */
  const reportVisible = () => {
    if (!scrollRef.current || document.visibilityState !== 'visible') return;
    clearTimeout(readTimer.current);
    readTimer.current = setTimeout(() => {
      const seq = visibleSeq();
      if (seq > 0) model.markRead(seq);
    }, READ_DEBOUNCE_MS);
  };

  useEffect(() => {
    reportVisible();
    document.addEventListener('visibilitychange', reportVisible);
    return () => document.removeEventListener('visibilitychange', reportVisible);
  });
  useEffect(() => () => clearTimeout(readTimer.current), []);

  const onScroll = () => {
    anchor.onScroll();
    const el = scrollRef.current;
    if (!el) return;
    // After a jump the position is the reader's goal: page only once they scroll themselves.
    if (anchor.held()) return reportVisible();
    if (el.scrollTop < 300 && model.hasMoreBefore) void model.loadOlder();
    if (el.scrollHeight - el.scrollTop - el.clientHeight < 300 && model.hasMoreAfter) void model.loadNewer();
    reportVisible();
  };

  // A jump waits for its target to be among the rows, then centers and highlights it.
  const pendingJump = useRef<string | null>(null);
  useEffect(() => {
    const id = pendingJump.current;
    const idx = id ? items.findIndex((i) => i.key === id) : -1;
    if (!id || idx < 0) return;
    pendingJump.current = null;
    virtualizer.scrollToIndex(idx, { align: 'center' });
    setHighlight(id);
    const timer = setTimeout(() => setHighlight((h) => (h === id ? null : h)), 2500);
    return () => clearTimeout(timer);
  }, [items, virtualizer]);

  const jumpTo = async (id: string) => {
    anchor.release();
    pendingJump.current = id;
    const ok = await model.loadAround(id);
    if (!ok) {
      pendingJump.current = null;
      anchor.settle();
      actions.setError(t('chat.originalGone'));
    } else if (items.some((i) => i.key === id)) {
      // Already loaded: the rows do not change, so jump now.
      const idx = items.findIndex((i) => i.key === id);
      pendingJump.current = null;
      virtualizer.scrollToIndex(idx, { align: 'center' });
      setHighlight(id);
      setTimeout(() => setHighlight((h) => (h === id ? null : h)), 2500);
    }
  };

  // One actions object for every row and every render: rows call through to the latest handlers.
  const latest = useRef({ actions, jumpTo });
  useLayoutEffect(() => {
    latest.current = { actions, jumpTo };
    if (jumpRef) jumpRef.current = (id) => void latest.current.jumpTo(id);
  });

  // A search result chosen: the same jump as to a quoted original (loads around it, centers, highlights).
  const { jumpRequest, jumpTaken } = model;
  useEffect(() => {
    if (!jumpRequest) return;
    jumpTaken();
    void latest.current.jumpTo(jumpRequest);
  }, [jumpRequest, jumpTaken]);
  const rowActions = useMemo<RowActions>(
    () => ({
      reply: (m) => latest.current.actions.reply(m),
      startEdit: (m) => latest.current.actions.startEdit(m),
      cancelEdit: () => latest.current.actions.cancelEdit(),
      saveEdit: (m, body) => latest.current.actions.saveEdit(m, body),
      askDelete: (m) => latest.current.actions.askDelete(m),
      react: (m, emoji) => latest.current.actions.react(m, emoji),
      showReaders: (m) => latest.current.actions.showReaders(m),
      retry: (id) => latest.current.actions.retry(id),
      discard: (id) => latest.current.actions.discard(id),
      jump: (id) => void latest.current.jumpTo(id),
    }),
    [],
  );
  const rowContext: RowContext = {
    meId: model.meId,
    canModerate: model.canModerate,
    readOnly: model.readOnly,
    myUsername: model.myUsername,
    editingId: actions.editingId,
    highlight,
    unread: model.unread,
    isMention: model.isMention,
    systemLine: model.systemLine,
    actions: rowActions,
  };

  return (
    <div className="message-list">
      <div
        className="message-list__scroll"
        ref={scrollRef}
        onScroll={onScroll}
        onWheel={anchor.settle}
        onTouchStart={anchor.settle}
        onKeyDown={anchor.settle}
        onPointerDown={anchor.settle}
        role="log"
        aria-label={t('chat.messages')}
        aria-live="polite"
        data-testid="message-list"
      >
        {!model.loaded || (rowsPending && items.length === 0) ? (
          <p className="message-list__status" role="status">
            {t('chat.loadingMessages')}
          </p>
        ) : items.length === 0 ? (
          <p className="message-list__status">{t('chat.emptyRoom')}</p>
        ) : null}
        <div
          ref={contentRef}
          className="message-list__content"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map((v) => {
            const item = items[v.index]!;
            return (
              <div
                key={v.key}
                data-index={v.index}
                ref={virtualizer.measureElement}
                className="message-list__row"
                style={{ transform: `translateY(${v.start}px)` }}
              >
                {item.type === 'date' ? (
                  <div className="date-divider" role="separator">
                    <span>{dayLabel(item.date, i18n.language)}</span>
                  </div>
                ) : item.type === 'unread' ? (
                  <div
                    className="unread-divider"
                    role="separator"
                    aria-label={t('chat.unreadBelow')}
                    data-testid="unread-divider"
                  >
                    <span>{t('chat.unreadBelow')}</span>
                  </div>
                ) : item.type === 'pending' ? (
                  <PendingItem pending={item.pending} actions={rowActions} />
                ) : (
                  <MessageItem {...messageRowProps(item.message, item.continued, rowContext)} />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {anchor.newCount > 0 || (!anchor.atBottom && (model.hasMoreAfter || model.unreadIndex !== null)) ? (
        <button
          type="button"
          className="new-messages-pill"
          data-testid="new-messages"
          onClick={() => {
            if (model.hasMoreAfter) void model.loadLatest().then(anchor.jumpToBottom);
            else anchor.jumpToBottom();
          }}
        >
          {anchor.newCount > 0 ? t('chat.newMessages', { count: anchor.newCount }) : t('chat.jumpToLatest')} ↓
        </button>
      ) : null}
    </div>
  );
}
