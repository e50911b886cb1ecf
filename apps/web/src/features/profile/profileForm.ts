import { FILE_LIMITS, Nickname, StatusMessage, type UpdateProfileBody } from '@messenger/shared';

/** Image types the server takes for a profile image (it checks the bytes; this only saves a wasted upload). */
export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** The i18n key of the problem with a nickname under the shared rule (1-20 characters), if any. */
export function nicknameError(value: string): string | undefined {
  const r = Nickname.safeParse(value);
  return r.success ? undefined : (r.error.issues[0]?.message ?? 'validation.nickname');
}

/** The i18n key of the problem with a status message (up to 100 characters), if any. */
export function statusError(value: string): string | undefined {
  const r = StatusMessage.safeParse(value);
  return r.success ? undefined : (r.error.issues[0]?.message ?? 'validation.status_message');
}

/**
 * The i18n key of why a chosen file cannot be a profile image, checked before uploading it: a type the
 * browser names and the server refuses, or more than 5 MB. An unnamed type is left to the server.
 */
export function imageError(file: { type: string; size: number }): string | undefined {
  if (file.type !== '' && !AVATAR_TYPES.includes(file.type)) return 'profile.imageType';
  if (file.size > FILE_LIMITS.avatarMaxBytes) return 'profile.imageTooLarge';
  return undefined;
}

/** The `PUT /api/profile` body for what changed (compared as the server stores it), or null for nothing. */
export function profileChanges(
  saved: { nickname: string; statusMessage: string },
  values: { nickname: string; statusMessage: string },
): UpdateProfileBody | null {
  const nickname = values.nickname.normalize('NFC').trim();
  const statusMessage = values.statusMessage.normalize('NFC').trim();
  const body: UpdateProfileBody = {};
  if (nickname !== saved.nickname) body.nickname = nickname;
  if (statusMessage !== saved.statusMessage) body.statusMessage = statusMessage;
  return Object.keys(body).length > 0 ? body : null;
}

/** What Save does with the profile image: keep it, replace it with a chosen file, or remove it. */
export type ImageChoice =
  { kind: 'keep' } | { kind: 'new'; file: File; preview: string } | { kind: 'remove' };
