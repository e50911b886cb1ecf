import type { SelfUser, UserSummary } from '@messenger/shared';
import type { UserRow } from './users.repository.ts';

/** The user as they see themself. */
export function presentSelfUser(row: UserRow): SelfUser {
  return {
    id: row.id,
    username: row.username,
    nickname: row.nickname,
    isAdmin: row.is_admin === 1,
    authSource: row.auth_source,
    twoFactor: row.totp_enabled_at !== null,
    mustChangePassword: row.must_change_password === 1,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** The immutable URL of a user's profile image, or null (FILE-12). */
export function avatarUrl(row: Pick<UserRow, 'id' | 'avatar_version'>): string | null {
  return row.avatar_version > 0 ? `/uploads/avatars/${row.id}/${row.avatar_version}` : null;
}

/**
 * Another user as shown in lists and message headers. A deleted account (or a missing row) has no name on
 * the wire: the client shows "(deleted user)" from the flag (ACCT-1), never from a magic string.
 */
export function presentUserSummary(row: UserRow | undefined, id: string): UserSummary {
  if (!row || row.deleted_at !== null)
    return { id, username: '', nickname: '', deleted: true, deactivated: false, avatarUrl: null };
  return {
    id: row.id,
    username: row.username,
    nickname: row.nickname,
    deleted: false,
    deactivated: row.deactivated_at !== null,
    avatarUrl: avatarUrl(row),
  };
}
