import { z } from 'zod';

/** The one error envelope of every failed HTTP response. */
export const ErrorEnvelope = z
  .object({
    /** Human-readable message in the caller's language (Accept-Language). */
    error: z.string(),
    /** Stable dotted code that clients branch on. */
    code: z.string(),
    /** For validation errors: which fields were wrong. */
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'ErrorEnvelope' });
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/** Plain acknowledgement of an action that returns nothing else. */
export const OkResponse = z.object({ ok: z.literal(true) });
export type OkResponse = z.infer<typeof OkResponse>;

/** An ISO-8601 UTC timestamp on the wire. */
export const Timestamp = z.iso.datetime();

/** Number of user-visible characters (code points after NFC), the unit of every length limit. */
export function charLength(value: string): number {
  return [...value.normalize('NFC')].length;
}
