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
    /** Deactivated or deleted accounts are shown as "(deleted user)". */
    deleted: z.boolean(),
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
