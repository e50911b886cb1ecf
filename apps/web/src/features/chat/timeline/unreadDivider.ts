import type { TimelineItem } from '../model/timeline.ts';

/** A row of the rendered list: a timeline item, or the "unread messages below" divider. */
export type ViewItem = TimelineItem | { type: 'unread'; key: 'unread' };

/**
 * Puts the unread divider before the first message from someone else past my watermark at the time I opened
 * the room (`marker`), and returns where it is; the message after it starts a new group (with its header).
 */
export function withUnreadDivider(
  items: TimelineItem[],
  marker: number | null,
  meId: string,
): { items: ViewItem[]; index: number | null } {
  if (marker === null) return { items, index: null };
  const at = items.findIndex(
    (i) => i.type === 'message' && i.message.seq > marker && i.message.sender?.id !== meId,
  );
  if (at < 0) return { items, index: null };
  const first = items[at]!;
  const out: ViewItem[] = [...items.slice(0, at), { type: 'unread', key: 'unread' }];
  out.push(first.type === 'message' && first.continued ? { ...first, continued: false } : first);
  out.push(...items.slice(at + 1));
  return { items: out, index: at };
}
