import type { AdminUser } from '@messenger/shared';
import type { UserRow } from '../users/users.repository.ts';

/** An account as server administrators see it (ACCT-4). */
export function presentAdminUser(row: UserRow): AdminUser {
  return {
    id: row.id,
    username: row.username,
    nickname: row.nickname,
    isAdmin: row.is_admin === 1,
    deactivatedAt: row.deactivated_at === null ? null : new Date(Number(row.deactivated_at)).toISOString(),
    twoFactor: row.totp_enabled_at !== null,
    authSource: row.auth_source,
    mustChangePassword: row.must_change_password === 1,
    createdAt: new Date(Number(row.created_at)).toISOString(),
  };
}
