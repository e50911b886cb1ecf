import { AdminSignOutResponse, AdminUser, AdminUsersResponse } from '@messenger/shared';
import { useEffect, useState } from 'react';
import type { ApiClient, ResponseSchema } from '../../lib/api.ts';

const One: ResponseSchema<{ user: AdminUser }> = {
  safeParse(value) {
    const r = AdminUser.safeParse((value as { user?: unknown } | null)?.user);
    return r.success ? { success: true, data: { user: r.data } } : { success: false };
  },
};

/** One page of the list, filtered by a search text. */
function page(api: ApiClient, q: string, after?: string) {
  const params = new URLSearchParams({ limit: '50' });
  if (q.trim()) params.set('q', q.trim());
  if (after) params.set('cursor', after);
  return api.call('GET', `/api/admin/users?${params.toString()}`, AdminUsersResponse);
}

type Load = { status: 'loading' } | { status: 'ready' } | { status: 'error'; error: unknown };

/** View-model of the server admin's user list (ACCT-4): search, pages, deactivate and reactivate. */
export function useAdminUsers(api: ApiClient) {
  const [query, setQuery] = useState('');
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  useEffect(() => {
    let cancelled = false;
    page(api, query).then(
      (r) => {
        if (cancelled) return;
        setUsers(r.users);
        setCursor(r.nextCursor);
        setLoad({ status: 'ready' });
      },
      (error: unknown) => {
        if (!cancelled) setLoad({ status: 'error', error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, query]);

  return {
    query,
    setQuery: (q: string) => {
      setQuery(q);
      setLoad({ status: 'loading' });
    },
    users,
    load,
    hasMore: cursor !== null,
    pendingId,
    actionError,
    more: async () => {
      if (!cursor) return;
      const r = await page(api, query, cursor);
      setUsers((list) => [...list, ...r.users]);
      setCursor(r.nextCursor);
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
