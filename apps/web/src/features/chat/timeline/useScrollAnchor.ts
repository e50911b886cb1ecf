import type { Virtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ViewItem } from './unreadDivider.ts';

/** Within this many pixels of the end counts as "at the bottom". */
const BOTTOM_SLACK = 48;

/**
 * Scroll behaviour of the message list: sticks to the bottom while the reader is there, keeps the reader's
 * place when older history is added above, and counts new messages instead of jumping when scrolled up.
 * A room opens at `landing` (the unread divider) when there is one, else at the bottom.
 */
export function useScrollAnchor(
  items: ViewItem[],
  virtualizer: Virtualizer<HTMLDivElement, Element>,
  scrollRef: React.RefObject<HTMLDivElement | null>,
  contentRef: React.RefObject<HTMLDivElement | null>,
  meId: string,
  landing: number | null,
) {
  const stick = useRef(true);
  // While a jump is under way, reaching the bottom by accident must not re-enable sticking.
  const hold = useRef(false);
  // Time of the reader's last wheel/touch/key/pointer input: only they leave the bottom; the virtualizer's
  // own scroll corrections while rows are measured must not.
  const userInput = useRef(0);
  const anchor = useRef<{ key: string; offset: number } | null>(null);
  const prev = useRef<{ first?: string; last?: string }>({});
  const [newCount, setNewCount] = useState(0);
  const [atBottom, setAtBottom] = useState(true);
  // Whether the first messages have been shown (and the list placed) yet.
  const landed = useRef(false);

  const toBottom = () => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  };

  // Content grows as rows are measured: stay at the bottom if the reader is there.
  useEffect(() => {
    const content = contentRef.current;
    if (!content) return;
    const ro = new ResizeObserver(() => {
      if (stick.current) toBottom();
    });
    ro.observe(content);
    // The viewport shrinks too (the composer grows, the keyboard opens): stay at the bottom then as well.
    if (scrollRef.current) ro.observe(scrollRef.current);
    return () => ro.disconnect();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useLayoutEffect(() => {
    const first = items[0]?.key;
    const lastIdx = items.length - 1;
    const last = items[lastIdx]?.key;
    const before = prev.current;
    prev.current = { first, last };
    if (!landed.current && items.some((i) => i.type === 'message')) {
      landed.current = true;
      if (landing !== null) {
        // Open at the first unread message, one row of what was read above it; the browser stops at the
        // bottom when what follows fits on the screen.
        stick.current = false;
        virtualizer.scrollToIndex(Math.max(0, landing - 1), { align: 'start' });
        return;
      }
    }
    if (before.first && first !== before.first && anchor.current && !hold.current) {
      // History was added above: put the row the reader was looking at back where it was.
      const idx = items.findIndex((i) => i.key === anchor.current!.key);
      const start = idx >= 0 ? virtualizer.measurementsCache[idx]?.start : undefined;
      if (start !== undefined && scrollRef.current)
        scrollRef.current.scrollTop = start - anchor.current.offset;
    }
    if (last && last !== before.last) {
      const oldIdx = before.last ? items.findIndex((i) => i.key === before.last) : -1;
      const added = oldIdx >= 0 ? items.slice(oldIdx + 1) : [];
      const mine = added.some(
        (i) => i.type === 'pending' || (i.type === 'message' && i.message.sender?.id === meId),
      );
      if (mine) stick.current = true;
      if (stick.current) toBottom();
      else setNewCount((n) => n + added.filter((i) => i.type === 'message').length);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [items]);

  /** Remembers where the reader is; call from the scroll handler. */
  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK && !hold.current;
    if (bottom) stick.current = true;
    else if (Date.now() - userInput.current < 1_000) stick.current = false;
    setAtBottom(bottom);
    if (bottom) setNewCount(0);
    const top = virtualizer.getVirtualItems().find((v) => v.end > el.scrollTop);
    anchor.current = top ? { key: String(top.key), offset: top.start - el.scrollTop } : null;
  };

  const jumpToBottom = () => {
    hold.current = false;
    stick.current = true;
    setNewCount(0);
    virtualizer.scrollToIndex(items.length - 1, { align: 'end' });
    toBottom();
  };

  /** Leaves the bottom on purpose (a jump to a quoted message). */
  const release = () => {
    stick.current = false;
    hold.current = true;
  };

  /** The reader takes over (wheel, touch, keys, scrollbar): normal sticking and paging resume. */
  const settle = () => {
    hold.current = false;
    userInput.current = Date.now();
  };

  /** Whether a jump holds the position (no paging, no sticking until the reader scrolls). */
  const held = () => hold.current;

  return { onScroll, newCount, atBottom, jumpToBottom, release, settle, held };
}
