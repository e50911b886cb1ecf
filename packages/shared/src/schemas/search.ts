import { z } from 'zod';
import { Timestamp } from './common.ts';
import { FileKind } from './files.ts';
import { Message } from './messages.ts';
import { RoomKind } from './rooms.ts';

/** Limits of search requests (SRCH-5). */
export const SEARCH_LIMITS = {
  /** Characters of a query. */
  queryMax: 200,
  pageDefault: 20,
  /** Larger page sizes are clamped to this. */
  pageMax: 100,
  /** Deepest offset served: refine the query instead of paging further. */
  offsetMax: 1000,
} as const;

/** A page size: integers above the maximum are clamped to it, below 1 to 1. */
const PageLimit = z.coerce
  .number()
  .int()
  .transform((v) => Math.min(Math.max(v, 1), SEARCH_LIMITS.pageMax))
  .default(SEARCH_LIMITS.pageDefault);
const PageOffset = z.coerce.number().int().min(0).max(SEARCH_LIMITS.offsetMax).default(0);
const QueryText = z.string().max(SEARCH_LIMITS.queryMax);

/** `GET /api/search` query: text, optionally within one room. */
export const SearchQuery = z.object({
  /** Words (all must match) and "quoted phrases". */
  q: QueryText.default(''),
  roomId: z.string().max(64).optional(),
  limit: PageLimit,
  offset: PageOffset,
});
export type SearchQuery = z.input<typeof SearchQuery>;

/** `POST /api/search/advanced` body: text and filters; every filter given must hold. */
export const AdvancedSearchBody = z
  .object({
    /** Words and "quoted phrases"; may be empty when a filter is given. */
    text: QueryText.default(''),
    /** Only this room. */
    roomId: z.string().max(64).optional(),
    /** Only messages of this user. */
    senderId: z.string().max(64).optional(),
    /** Sent at or after this time. */
    from: Timestamp.optional(),
    /** Sent before this time. */
    to: Timestamp.optional(),
    /** Only messages with at least one (live) attached file. */
    hasFile: z.boolean().optional(),
    /** Only messages with a file of this kind (implies hasFile). */
    fileKind: FileKind.optional(),
    /** Only messages that mention the caller (by name or @all). */
    mentionsMe: z.boolean().optional(),
    limit: PageLimit,
    offset: PageOffset,
  })
  // Something must be asked: words or a filter (an empty search would list every message).
  .refine(
    (v) =>
      v.text.trim() !== '' ||
      !!(v.roomId || v.senderId || v.from || v.to || v.hasFile || v.fileKind || v.mentionsMe),
    { message: 'validation.search_empty', path: ['text'] },
  )
  .meta({ id: 'AdvancedSearchBody' });
export type AdvancedSearchBody = z.input<typeof AdvancedSearchBody>;

/** Text with ranges to mark: [start, end) UTF-16 offsets into `text`; never HTML. */
export const HighlightedText = z
  .object({
    /** Plain text (an excerpt of long texts, with "…" where cut). */
    text: z.string(),
    ranges: z.array(z.tuple([z.number().int(), z.number().int()])),
  })
  .meta({ id: 'HighlightedText' });
export type HighlightedText = z.infer<typeof HighlightedText>;

/** The room of a search hit, as the searcher names it. */
export const SearchRoom = z.object({
  id: z.string(),
  kind: RoomKind,
  /** Group name, or the other person's nickname for a direct room. */
  name: z.string(),
});
export type SearchRoom = z.infer<typeof SearchRoom>;

/** One found message. */
export const SearchHit = z
  .object({
    message: Message,
    room: SearchRoom,
    /** The message text around the first match, with the matches marked. */
    snippet: HighlightedText,
    /** Attached files whose name matched, with the matches marked. */
    files: z.array(z.object({ id: z.string(), name: HighlightedText })),
  })
  .meta({ id: 'SearchHit' });
export type SearchHit = z.infer<typeof SearchHit>;

/** A page of search hits, newest first. */
export const SearchResponse = z
  .object({
    hits: z.array(SearchHit),
    /** Another page exists after this one. */
    hasMore: z.boolean(),
    offset: z.number().int(),
    limit: z.number().int(),
  })
  .meta({ id: 'SearchResponse' });
export type SearchResponse = z.infer<typeof SearchResponse>;
