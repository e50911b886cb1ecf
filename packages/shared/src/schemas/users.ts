import { z } from 'zod';

/** Presence computed from a user's connections. */
export const Presence = z.enum(['online', 'away', 'offline']);
export type Presence = z.infer<typeof Presence>;

/** Another user as shown in lists, pickers and message headers. */
export const UserSummary = z
  .object({
    id: z.string(),
    username: z.string(),
    nickname: z.string(),
    /** A deleted account (ACCT-1): shown as "(deleted user)"; its name fields are empty. */
    deleted: z.boolean(),
    /** Deactivated by a server admin (ACCT-4): shown as deactivated; absent means false. */
    deactivated: z.boolean().optional(),
    /** Immutable URL of the profile image (add `?size=thumb` for 96 px); absent or null: initials. */
    avatarUrl: z.string().nullable().optional(),
  })
  .meta({ id: 'UserSummary' });
export type UserSummary = z.infer<typeof UserSummary>;

/** `GET /api/users` query: search by username or nickname, paginated by cursor. */
export const UsersQuery = z.object({
  q: z.string().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  /** Opaque cursor from the previous page. */
  cursor: z.string().max(200).optional(),
});
export type UsersQuery = z.input<typeof UsersQuery>;

/** `GET /api/users` response. */
export const UsersResponse = z
  .object({ users: z.array(UserSummary), nextCursor: z.string().nullable() })
  .meta({ id: 'UsersResponse' });
export type UsersResponse = z.infer<typeof UsersResponse>;

/** One user's presence and status message: an entry of `GET /api/presence` and the `presence:updated` event. */
export const UserPresence = z
  .object({
    userId: z.string(),
    /** Computed from all of the user's connections on every process (PRES-1). */
    presence: Presence,
    /** Up to 100 characters; empty when none is set. */
    statusMessage: z.string(),
  })
  .meta({ id: 'UserPresence' });
export type UserPresence = z.infer<typeof UserPresence>;

/** `GET /api/presence` query: comma-separated user ids, at most 100 (more are ignored). */
export const PresenceQuery = z.object({
  userIds: z
    .string()
    .max(100 * 40)
    .transform((v) => v.split(',').filter(Boolean).slice(0, 100)),
});
export type PresenceQuery = z.input<typeof PresenceQuery>;

/** `GET /api/presence` response: one entry per existing user asked about. */
export const PresenceResponse = z
  .object({ presence: z.array(UserPresence) })
  .meta({ id: 'PresenceResponse' });
export type PresenceResponse = z.infer<typeof PresenceResponse>;
