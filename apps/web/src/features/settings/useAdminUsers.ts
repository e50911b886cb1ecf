import {
  AdminCreateUserResponse,
  AdminPasswordResetResponse,
  AdminSignOutResponse,
  AdminUser,
  AdminUsersResponse,
  OkResponse,
  type AdminCreateUserBody,
} from '@messenger/shared';
import { useMemo, useState } from 'react';
import { useSearchPages, type Page } from '../../lib/useSearchPages.ts';
import type { ApiClient, ResponseSchema } from '../../lib/api.ts';

const One: ResponseSchema<{ user: AdminUser }> = {
  safeParse(value) {
    const r = AdminUser.safeParse((value as { user?: unknown } | null)?.user);
    return r.success ? { success: true, data: { user: r.data } } : { success: false };
  },
};

/** One page of the list, filtered by a search text. */
async function page(api: ApiClient, q: string, after?: string): Promise<Page<AdminUser>> {
  const params = new URLSearchParams({ limit: '50' });
  if (q.trim()) params.set('q', q.trim());
  if (after) params.set('cursor', after);
  const r = await api.call('GET', `/api/admin/users?${params.toString()}`, AdminUsersResponse);
  return { items: r.users, nextCursor: r.nextCursor };
}

/**
 * View-model of the server admin's user list (ACCT-4..9): search, pages, create, reset a password,
 * deactivate, reactivate and delete.
 */
export function useAdminUsers(api: ApiClient) {
  const fetchPage = useMemo(() => (q: string, after?: string) => page(api, q, after), [api]);
  const pages = useSearchPages(fetchPage);
  const users = pages.items;
  const setUsers = pages.setItems;
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  return {
    query: pages.query,
    setQuery: pages.setQuery,
    users,
    load: pages.load,
    hasMore: pages.hasMore,
    pendingId,
    actionError,
    more: pages.more,
    /** Creates an account (ACCT-7) and lists it first; resolves to the generated password, if any. */
    createUser: async (body: AdminCreateUserBody) => {
      const created = await api.call('POST', '/api/admin/users', AdminCreateUserResponse, body);
      setUsers((list) => [created.user, ...list.filter((u) => u.id !== created.user.id)]);
      return created;
    },
    /** Gives the account a temporary password (ACCT-8); resolves to it (shown once), or null when refused. */
    resetPassword: async (user: AdminUser): Promise<string | null> => {
      setActionError(null);
      setPendingId(user.id);
      try {
        const path = `/api/admin/users/${encodeURIComponent(user.id)}/password-reset`;
        const r = await api.call('POST', path, AdminPasswordResetResponse);
        setUsers((list) => list.map((u) => (u.id === r.user.id ? r.user : u)));
        return r.temporaryPassword;
      } catch (err) {
        setActionError(err);
        return null;
      } finally {
        setPendingId(null);
      }
    },
    /** Deletes the account (ACCT-7); it leaves the list. Resolves to whether it was deleted. */
    deleteUser: async (user: AdminUser): Promise<boolean> => {
      setActionError(null);
      setPendingId(user.id);
      try {
        await api.call('DELETE', `/api/admin/users/${encodeURIComponent(user.id)}`, OkResponse);
        setUsers((list) => list.filter((u) => u.id !== user.id));
        return true;
      } catch (err) {
        setActionError(err);
        return false;
      } finally {
        setPendingId(null);
      }
    },
    /** Removes the user's second factor (AUTH-16); the row shows what the server answered. */
    resetTwoFactor: async (user: AdminUser) => {
      setActionError(null);
      setPendingId(user.id);
      try {
        const path = `/api/admin/users/${encodeURIComponent(user.id)}/two-factor`;
        const { user: updated } = await api.call('DELETE', path, One);
        setUsers((list) => list.map((u) => (u.id === updated.id ? updated : u)));
      } catch (err) {
        setActionError(err);
      } finally {
        setPendingId(null);
      }
    },
    /** Grants or removes server administration (ACCT-5); the row shows what the server answered. */
    setServerAdmin: async (user: AdminUser, admin: boolean) => {
      setActionError(null);
      setPendingId(user.id);
      try {
        const path = `/api/admin/users/${encodeURIComponent(user.id)}/admin`;
        const { user: updated } = await api.call('POST', path, One, { admin });
        setUsers((list) => list.map((u) => (u.id === updated.id ? updated : u)));
      } catch (err) {
        setActionError(err);
      } finally {
        setPendingId(null);
      }
    },
    /** Ends every session of the user (ACCT-6); resolves to how many ended, or null when refused. */
    signOutEverywhere: async (user: AdminUser): Promise<number | null> => {
      setActionError(null);
      setPendingId(user.id);
      try {
        const path = `/api/admin/users/${encodeURIComponent(user.id)}/sign-out`;
        return (await api.call('POST', path, AdminSignOutResponse)).revokedSessions;
      } catch (err) {
        setActionError(err);
        return null;
      } finally {
        setPendingId(null);
      }
    },
    /** Deactivates or reactivates; the row shows what the server answered. */
    setActive: async (user: AdminUser, active: boolean) => {
      setActionError(null);
      setPendingId(user.id);
      try {
        const path = `/api/admin/users/${encodeURIComponent(user.id)}/${active ? 'reactivate' : 'deactivate'}`;
        const { user: updated } = await api.call('POST', path, One);
        setUsers((list) => list.map((u) => (u.id === updated.id ? updated : u)));
      } catch (err) {
        setActionError(err);
      } finally {
        setPendingId(null);
      }
    },
  };
}
