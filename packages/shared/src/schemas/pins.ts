import { z } from 'zod';
import { Timestamp, charLength } from './common.ts';
import { UserSummary } from './users.ts';

/** Limits of notices (PIN-1). */
export const PIN_LIMITS = { bodyMax: 2000, perRoomMax: 50 } as const;

/** `POST /api/rooms/:id/pins`: pin a message of the room, or write a notice. */
export const CreatePinBody = z
  .object({
    /** A message of this room to pin. */
    messageId: z.string().min(1).max(64).optional(),
    /** A written notice, 1-2,000 characters (when no message is pinned). */
    body: z
      .string()
      .transform((v) => v.normalize('NFC').trim())
      .refine((v) => charLength(v) >= 1 && charLength(v) <= PIN_LIMITS.bodyMax, {
        message: 'validation.pin_body',
      })
      .optional(),
    /** Members are asked to acknowledge it. */
    requiresAck: z.boolean().default(false),
  })
  .refine((v) => (v.messageId === undefined) !== (v.body === undefined), {
    message: 'validation.pin_message_or_body',
    path: ['body'],
  })
  .meta({ id: 'CreatePinBody' });
export type CreatePinBody = z.input<typeof CreatePinBody>;

/** Path parameters `:id/pins/:pinId`. */
export const PinParams = z.object({ id: z.string().min(1).max(64), pinId: z.string().min(1).max(64) });

/** The pinned message, as it is now. */
export const PinnedMessage = z.object({
  id: z.string(),
  seq: z.number().int(),
  sender: UserSummary.nullable(),
  createdAt: Timestamp,
});

/** A notice as every member sees it. */
export const PinState = z
  .object({
    id: z.string(),
    roomId: z.string(),
    /** The pinned message, or null for a written notice. */
    message: PinnedMessage.nullable(),
    /** The notice's text: the written notice, or the pinned message's text. */
    body: z.string(),
    author: UserSummary.nullable(),
    requiresAck: z.boolean(),
    /** Members (other than the author) who acknowledged. */
    ackCount: z.number().int(),
    /** Members (other than the author) asked to acknowledge. */
    ackTotal: z.number().int(),
    createdAt: Timestamp,
  })
  .meta({ id: 'PinState' });
export type PinState = z.infer<typeof PinState>;

/** A reminder to acknowledge a notice (PIN-6). */
export const PinReminder = z
  .object({
    /** When the latest reminder was sent. */
    at: Timestamp,
    /** The nickname of who sent it (empty if unknown). */
    by: z.string(),
  })
  .meta({ id: 'PinReminder' });
export type PinReminder = z.infer<typeof PinReminder>;

/** A notice as the caller sees it. */
export const Pin = PinState.extend({
  /** The caller acknowledged it. */
  acknowledgedByMe: z.boolean(),
  /**
   * The latest reminder sent while the caller was a member and had not acknowledged, kept until they do
   * (PIN-6); null otherwise.
   */
  myReminder: PinReminder.nullable(),
}).meta({ id: 'Pin' });
export type Pin = z.infer<typeof Pin>;

/** `GET /api/rooms/:id/pins`: newest first; `GET /api/pins/reminders`: newest reminder first. */
export const PinsResponse = z.object({ pins: z.array(Pin) });
export const PinResponse = z.object({ pin: Pin });

/** `GET /api/rooms/:id/pins/:pinId/acks`: who has and has not acknowledged (author and admins). */
export const AckReport = z
  .object({
    acknowledged: z.array(z.object({ user: UserSummary, at: Timestamp })),
    pending: z.array(UserSummary),
  })
  .meta({ id: 'AckReport' });
export type AckReport = z.infer<typeof AckReport>;

/** `POST /api/rooms/:id/pins/:pinId/remind`: how many members were reminded. */
export const RemindResponse = z.object({ reminded: z.number().int() });
