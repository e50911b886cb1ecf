import type { UserRow, UsersRepository } from './users.repository.ts';

/**
 * One page of users in username order, optionally matching `q`: the cursor is the last username of the
 * previous page (base64url), and `nextCursor` is null on the last page. Administrators also match e-mail.
 */
export async function pageByUsername(
  users: Pick<UsersRepository, 'search'>,
  query: { q?: string | undefined; cursor?: string | undefined; limit: number },
  withEmail = false,
): Promise<{ rows: UserRow[]; nextCursor: string | null }> {
  const after = query.cursor ? Buffer.from(query.cursor, 'base64url').toString('utf8') : undefined;
  const rows = await users.search(query.q?.trim() || undefined, after, query.limit + 1, withEmail);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor:
      rows.length > query.limit && last ? Buffer.from(last.username_lower).toString('base64url') : null,
  };
}
