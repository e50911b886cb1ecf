import { z } from 'zod';
import { RETENTION_DAYS_MAX } from './retention.ts';

/** The rate limits an administrator can change at run time, by name (the server's `RATE_LIMIT_*` options). */
export const RATE_LIMIT_NAMES = [
  'login',
  'register',
  'messageSend',
  'upload',
  'search',
  'pinRemind',
  'twoFactor',
] as const;
export type RateLimitName = (typeof RATE_LIMIT_NAMES)[number];

/** One rate limit: at most `max` hits per `windowSeconds` (a week at most). */
export const RateLimitSetting = z
  .object({
    /** Hits allowed in one window. */
    max: z.number().int().min(1).max(1_000_000),
    /** Length of the window in seconds. */
    windowSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 86400),
  })
  .meta({ id: 'RateLimitSetting' });
export type RateLimitSetting = z.infer<typeof RateLimitSetting>;

/** What the web client does for a user who never chose in its notification menu (ADMIN-3). */
export const NotificationDefaults = z
  .object({
    /** Desktop notifications: for every message, for mentions only, or none. */
    level: z.enum(['all', 'mentions', 'none']),
    /** Play a sound with a notification. */
    sound: z.boolean(),
  })
  .meta({ id: 'NotificationDefaults' });
export type NotificationDefaults = z.infer<typeof NotificationDefaults>;

/**
 * Which rooms are end-to-end encrypted (design e2e.md 5.10, SPEC E2E-110): `default` makes the web client open
 * encrypted direct chats and start the new-chat switch on for groups of up to 100, which the creator may turn
 * off; `required` is the same without the opt-out; `off` makes every new room standard (no encrypted rooms
 * are created, for organisations that need server search, virus scanning or archiving everywhere).
 */
export const E2E_POLICIES = ['default', 'required', 'off'] as const;
export const E2ePolicy = z.enum(E2E_POLICIES).meta({ id: 'E2ePolicy' });
export type E2ePolicy = z.infer<typeof E2ePolicy>;

/** An upload file extension, lower case, without the dot. */
const Extension = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]{1,10}$/, { message: 'validation.extension' });

const rateLimitsShape = Object.fromEntries(RATE_LIMIT_NAMES.map((n) => [n, RateLimitSetting])) as Record<
  RateLimitName,
  typeof RateLimitSetting
>;

/**
 * Server settings an administrator changes at run time without a restart (ADMIN-3); what nobody changed
 * follows the server's configuration.
 */
export const ServerSettings = z
  .object({
    upload: z.object({
      /** Largest accepted upload in bytes; never above the configured MAX_UPLOAD_BYTES. */
      maxBytes: z.number().int().min(1024),
      /** Extensions accepted for uploads (the content must still match, FILE-3). */
      allowedExtensions: z.array(Extension).max(100),
    }),
    rateLimits: z.object(rateLimitsShape),
    /** Days a message is kept before the retention job removes it; 0 keeps everything forever. */
    retentionDays: z.number().int().min(0).max(RETENTION_DAYS_MAX),
    /** Notification choices of users who never made their own. */
    notifications: NotificationDefaults,
    /** Which new rooms are end-to-end encrypted (SPEC E2E-110). */
    e2ePolicy: E2ePolicy,
  })
  .meta({ id: 'ServerSettings' });
export type ServerSettings = z.infer<typeof ServerSettings>;

/** `PUT /api/admin/settings` body: only the settings to change (at least one). */
export const ServerSettingsUpdate = z
  .object({
    upload: ServerSettings.shape.upload.partial().optional(),
    rateLimits: ServerSettings.shape.rateLimits.partial().optional(),
    retentionDays: ServerSettings.shape.retentionDays.optional(),
    notifications: NotificationDefaults.partial().optional(),
    e2ePolicy: E2ePolicy.optional(),
  })
  .strict()
  .refine((change) => Object.values(change).some((v) => v !== undefined), {
    message: 'validation.nothing_to_change',
  })
  .meta({ id: 'ServerSettingsUpdate' });
export type ServerSettingsUpdate = z.input<typeof ServerSettingsUpdate>;

/** `GET|PUT /api/admin/settings` response: the settings in force, and what the configuration allows. */
export const ServerSettingsResponse = z
  .object({
    settings: ServerSettings,
    /** What each setting is when no administrator changed it (the configuration). */
    defaults: ServerSettings,
    /** The configured MAX_UPLOAD_BYTES: the upload size cannot be set above it. */
    uploadCeilingBytes: z.number().int(),
    /** Every extension the server can check, among which the allowed ones are chosen. */
    knownExtensions: z.array(z.string()),
  })
  .meta({ id: 'ServerSettingsResponse' });
export type ServerSettingsResponse = z.infer<typeof ServerSettingsResponse>;
