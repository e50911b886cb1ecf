import type { AdvancedSearchBody, HighlightedText, Message, SearchHit, UserSummary } from '@messenger/shared';

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
  hits: PanelHit[];
}

/** Groups hits by room; groups are ordered by their newest hit. */
export function groupByRoom(hits: PanelHit[]): HitGroup[] {
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

/** A hit as the panel shows it: the server's, or one found on this device in an encrypted room (E2E-94). */
export type PanelHit = SearchHit & { onDevice?: true };

/** What the device's index answers for one message (the worker's `searchLocal`). */
export interface DeviceHit {
  roomId: string;
  messageId: string;
  seq?: number;
  senderId: string;
  createdAt: string;
  snippet: HighlightedText;
}

/**
 * Whether the device's index can answer these filters: it knows the room, the sender and the time of a message,
 * not its files or mentions, so a file or "mentions me" filter leaves encrypted rooms out.
 */
export function deviceCanFilter(f: SearchFilters): boolean {
  return f.file === null && !f.mentionsMe;
}

/** The device's hits that pass the sender and date filters (the room filter is the worker's). */
export function filterDeviceHits(hits: DeviceHit[], f: SearchFilters, now: Date): DeviceHit[] {
  const range = dateRange(f, now);
  return hits.filter(
    (h) =>
      (!f.senderId || h.senderId === f.senderId) &&
      (!range.from || h.createdAt >= range.from) &&
      (!range.to || h.createdAt < range.to),
  );
}

/** A device hit in the shape of the server's, so the list shows it and opens it the same way. */
export function deviceHitToPanelHit(
  h: DeviceHit,
  room: { kind: SearchHit['room']['kind']; name: string },
  sender: UserSummary | null,
): PanelHit {
  const message: Message = {
    id: h.messageId,
    roomId: h.roomId,
    seq: h.seq ?? 0,
    rev: 0,
    kind: 'e2e',
    sender,
    body: '',
    replyTo: null,
    mentions: { userIds: [], all: false },
    reactions: [],
    system: null,
    files: [],
    createdAt: h.createdAt,
    editedAt: null,
    deletedAt: null,
  };
  return { message, room: { id: h.roomId, ...room }, snippet: h.snippet, files: [], onDevice: true };
}

/** The server's hits and the device's in one list, newest first; a message found by both is shown once. */
export function mergeHits(server: PanelHit[], device: PanelHit[]): PanelHit[] {
  if (device.length === 0) return server;
  const ids = new Set(server.map((h) => h.message.id));
  const all = [...server, ...device.filter((h) => !ids.has(h.message.id))];
  return all.sort((a, b) =>
    a.message.createdAt === b.message.createdAt ? 0 : a.message.createdAt < b.message.createdAt ? 1 : -1,
  );
}
