import { z } from 'zod';
import { Timestamp } from './common.ts';

/** The longest retention a room or the server can have, in days (a century). */
export const RETENTION_DAYS_MAX = 36_500;

/** `GET /api/admin/retention/preview` query (RET-3). */
export const RetentionPreviewQuery = z.object({
  /** A server default to preview instead of the current one (0: keep forever); rooms' own settings still win. */
  days: z.coerce.number().int().min(0).max(RETENTION_DAYS_MAX).optional(),
});
export type RetentionPreviewQuery = z.input<typeof RetentionPreviewQuery>;

/** What retention removes (or would remove) from one room. */
export const RetentionRoom = z
  .object({
    roomId: z.string(),
    /** The room's name; null for a direct room. */
    name: z.string().nullable(),
    /** Messages of every kind older than the room's retention. */
    messages: z.number().int(),
    /** File rows attached to those messages (their bytes go with them). */
    files: z.number().int(),
    /** When the oldest of those messages was sent. */
    oldest: Timestamp,
  })
  .meta({ id: 'RetentionRoom' });
export type RetentionRoom = z.infer<typeof RetentionRoom>;

/**
 * `GET /api/admin/retention/preview` and `POST /api/admin/retention/run` (RET-3): per room and in total, what
 * a run removes now (preview) or what it removed (run). Rooms under legal hold or kept forever are never listed.
 */
export const RetentionReport = z
  .object({
    /** The moment the ages were measured from. */
    at: Timestamp,
    /** The server's default retention the report used, in days (0: keep forever). */
    defaultDays: z.number().int(),
    /** Rooms with something due, most messages first. */
    rooms: z.array(RetentionRoom),
    totals: z.object({ rooms: z.number().int(), messages: z.number().int(), files: z.number().int() }),
  })
  .meta({ id: 'RetentionReport' });
export type RetentionReport = z.infer<typeof RetentionReport>;
