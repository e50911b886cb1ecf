import { z } from 'zod';
import { charLength } from './common.ts';
import { Nickname } from './auth.ts';
import { UserSummary } from './users.ts';

/** Characters of a status message. */
export const STATUS_MESSAGE_MAX = 100;

/** A status message: trimmed, NFC, up to 100 characters; empty clears it. */
export const StatusMessage = z
  .string()
  .transform((v) => v.normalize('NFC').trim())
  .refine((v) => charLength(v) <= STATUS_MESSAGE_MAX, { message: 'validation.status_message' });

/** `GET/PUT /api/profile` response: the caller's own profile. */
export const Profile = z
  .object({
    id: z.string(),
    username: z.string(),
    nickname: z.string(),
    statusMessage: z.string(),
    /** Immutable URL of the square profile image (`?size=thumb` for 96 px); null without one. */
    avatarUrl: z.string().nullable(),
    /**
     * The account's e-mail address: a local account's own, or what the company directory or provider says
     * (then it cannot be changed here). Seen only by its owner and administrators.
     */
    email: z.string().nullable(),
  })
  .meta({ id: 'Profile' });
export type Profile = z.infer<typeof Profile>;

/** An e-mail address as a local account gives it; empty removes it. */
export const ProfileEmail = z
  .string()
  .trim()
  .max(254, { message: 'validation.email' })
  .refine((v) => v === '' || z.email().safeParse(v).success, { message: 'validation.email' });

/** `PUT /api/profile` body: only the fields sent change. */
export const UpdateProfileBody = z
  .object({
    nickname: Nickname.optional(),
    statusMessage: StatusMessage.optional(),
    /** Local accounts only; a company account’s comes from the company (AUTH-15). */
    email: ProfileEmail.optional(),
  })
  .refine((v) => v.nickname !== undefined || v.statusMessage !== undefined || v.email !== undefined, {
    message: 'validation.nothing_to_change',
  })
  .meta({ id: 'UpdateProfileBody' });
export type UpdateProfileBody = z.input<typeof UpdateProfileBody>;

/** `user:updated`: someone who shares a room with the recipient changed name, status message or image. */
export const UserUpdated = z
  .object({ user: UserSummary, statusMessage: z.string() })
  .meta({ id: 'UserUpdated' });
export type UserUpdated = z.infer<typeof UserUpdated>;

/** Path of a profile image: `/uploads/avatars/:userId/:version`. */
export const AvatarParams = z.object({
  userId: z.string().min(1).max(64),
  version: z.coerce.number().int().min(1),
});
/** `size=thumb` (96 px) or full (512 px, default). */
export const AvatarQuery = z.object({ size: z.enum(['thumb', 'full']).default('full') });
