import type { AdvancedSearchBody, HighlightedText, SearchHit } from '@messenger/shared';

/** When the messages were sent: a preset, or a custom range of local dates. */
export type DateFilter = 'any' | 'today' | 'week' | 'month' | 'custom';

/** The filters shown as chips. */
export interface SearchFilters {
  roomId: string | null;
  senderId: string | null;
  date: DateFilter;
  /** Custom range, local dates as `YYYY-MM-DD` (either may be empty). */
  fromDay: string;
  toDay: string;
  /** `null`: no file filter; `any`: any attached file; or one kind. */
  file: 'any' | 'image' | 'file' | null;
  mentionsMe: boolean;
}

export const NO_FILTERS: SearchFilters = {
  roomId: null,
  senderId: null,
  date: 'any',
  fromDay: '',
  toDay: '',
  file: null,
  mentionsMe: false,
};

/** How many filters are set (for the "clear filters" action). */
export function activeFilterCount(f: SearchFilters): number {
  return [f.roomId, f.senderId, f.date !== 'any', f.file, f.mentionsMe].filter(Boolean).length;
}

const DAY_MS = 86_400_000;

function localMidnight(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

/** The date range of a filter as ISO instants, in the viewer's time zone (`to` exclusive). */
export function dateRange(f: SearchFilters, now: Date): { from?: string; to?: string } {
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  switch (f.date) {
    case 'any':
      return {};
    case 'today':
      return { from: startOfToday.toISOString() };
    case 'week':
      return { from: new Date(startOfToday.getTime() - 6 * DAY_MS).toISOString() };
    case 'month':
      return { from: new Date(startOfToday.getTime() - 29 * DAY_MS).toISOString() };
    case 'custom': {
      const from = localMidnight(f.fromDay);
      const to = localMidnight(f.toDay);
      const end = to ? new Date(to.getFullYear(), to.getMonth(), to.getDate() + 1) : null;
      return { from: from?.toISOString(), to: end?.toISOString() };
    }
  }
}

/** The request for a query and filters; null when nothing is asked yet (no words, no filter). */
export function searchBody(
  text: string,
  f: SearchFilters,
  now: Date,
  offset = 0,
  limit = 30,
): AdvancedSearchBody | null {
  const range = dateRange(f, now);
  const body: AdvancedSearchBody = {
    text: text.trim(),
    ...(f.roomId ? { roomId: f.roomId } : {}),
    ...(f.senderId ? { senderId: f.senderId } : {}),
    ...(range.from ? { from: range.from } : {}),
    ...(range.to ? { to: range.to } : {}),
    ...(f.file === 'any' ? { hasFile: true } : f.file ? { fileKind: f.file } : {}),
    ...(f.mentionsMe ? { mentionsMe: true } : {}),
    offset,
    limit,
  };
  const asked = body.text !== '' || Object.keys(body).length > 3;
  return asked ? body : null;
}

/** Hits of one room, in the order the server gave them (newest first). */
export interface HitGroup {
  roomId: string;
  roomName: string;
  hits: SearchHit[];
}

/** Groups hits by room; groups are ordered by their newest hit. */
export function groupByRoom(hits: SearchHit[]): HitGroup[] {
  const groups = new Map<string, HitGroup>();
  for (const h of hits) {
    let g = groups.get(h.room.id);
    if (!g) groups.set(h.room.id, (g = { roomId: h.room.id, roomName: h.room.name, hits: [] }));
    g.hits.push(h);
  }
  return [...groups.values()];
}

/** A highlighted text cut into plain and marked pieces, for React to render (never HTML). */
export function highlightSegments(h: HighlightedText): { text: string; mark: boolean }[] {
  const out: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const [start, end] of h.ranges) {
    const s = Math.max(at, Math.min(start, h.text.length));
    const e = Math.max(s, Math.min(end, h.text.length));
    if (s > at) out.push({ text: h.text.slice(at, s), mark: false });
    if (e > s) out.push({ text: h.text.slice(s, e), mark: true });
    at = e;
  }
  if (at < h.text.length) out.push({ text: h.text.slice(at), mark: false });
  return out;
}
