import {
  ExportsResponse,
  OkResponse,
  AdminRoomsResponse,
  StartExportResponse,
  UsersResponse,
  type ComplianceExport,
  type AdminRoom,
  type StartExportBody,
  type UserSummary,
} from '@messenger/shared';
import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../../i18n/errorText.ts';
import type { ApiClient } from '../../lib/api.ts';

/** How often the list is read again while an export is queued or running (ADMIN-6). */
const POLL_MS = 1000;

/** The ISO range of a `yyyy-mm-dd` day range in the browser's time zone; `to` includes its day. */
export function dayRange(from: string, to: string): { from: string; to: string } {
  const end = new Date(`${to}T00:00:00`);
  end.setDate(end.getDate() + 1);
  return { from: new Date(`${from}T00:00:00`).toISOString(), to: end.toISOString() };
}

/**
 * View-model of the exports tab (ADMIN-6): the recent exports, read again every second while one is queued
 * or running (so progress moves on its own), starting and deleting; and the rooms and people to choose from.
 */
export function useExports(api: ApiClient) {
  const [exports, setExports] = useState<ComplianceExport[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rooms, setRooms] = useState<AdminRoom[]>([]);

  const reload = useCallback(
    () =>
      api.call('GET', '/api/admin/exports', ExportsResponse).then(
        (r) => {
          setExports(r.exports);
          setError(null);
        },
        (err: unknown) => setError(errorText(err)),
      ),
    [api],
  );

  useEffect(() => {
    void reload();
    // Every room of the server, latest activity first (ADMIN-2), not only the administrator's own.
    api.call('GET', '/api/admin/rooms?limit=200', AdminRoomsResponse).then(
      (r) => setRooms(r.rooms),
      () => setRooms([]),
    );
  }, [api, reload]);

  const busy = exports?.some((e) => e.status === 'queued' || e.status === 'running') ?? false;
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [busy, reload]);

  const start = async (body: StartExportBody): Promise<boolean> => {
    try {
      await api.call('POST', '/api/admin/exports', StartExportResponse, body);
      await reload();
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    }
  };

  const remove = async (id: string): Promise<void> => {
    try {
      await api.call('DELETE', `/api/admin/exports/${encodeURIComponent(id)}`, OkResponse);
    } catch (err) {
      setError(errorText(err));
    }
    await reload();
  };

  const searchPeople = useCallback(
    async (q: string): Promise<UserSummary[]> =>
      q.trim()
        ? (await api.call('GET', `/api/users?q=${encodeURIComponent(q.trim())}&limit=20`, UsersResponse))
            .users
        : [],
    [api],
  );

  return { exports, error, rooms, start, remove, searchPeople };
}
