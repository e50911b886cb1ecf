import type { SelfUser } from '@messenger/shared';
import type { UserRow } from './users.repository.ts';

/** The user as they see themself. */
export function presentSelfUser(row: UserRow): SelfUser {
  return {
    id: row.id,
    username: row.username,
    nickname: row.nickname,
    isAdmin: row.is_admin === 1,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
