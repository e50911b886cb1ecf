import {
  AdminRoomMembersResponse,
  AdminRoomResponse,
  AdminRoomsResponse,
  OkResponse,
  type AdminRoom,
  type RoomMember,
} from '@messenger/shared';
import { useMemo, useState } from 'react';
import { useSearchPages, type Page } from '../../lib/useSearchPages.ts';
import type { ApiClient } from '../../lib/api.ts';

/** One page of every room, filtered by a search text. */
async function page(api: ApiClient, q: string, after?: string): Promise<Page<AdminRoom>> {
  const params = new URLSearchParams({ limit: '50' });
  if (q.trim()) params.set('q', q.trim());
  if (after) params.set('cursor', after);
  const r = await api.call('GET', `/api/admin/rooms?${params.toString()}`, AdminRoomsResponse);
  return { items: r.rooms, nextCursor: r.nextCursor };
}

const roomPath = (room: AdminRoom, tail = '') => `/api/admin/rooms/${encodeURIComponent(room.id)}${tail}`;

/**
 * View-model of the server admin's rooms (ADMIN-2, RET-2): search, pages, a room's members, and archive,
 * legal hold, retention and deletion. Each row shows what the server answered, never a guess.
 */
export function useAdminRooms(api: ApiClient) {
  const fetchPage = useMemo(() => (q: string, after?: string) => page(api, q, after), [api]);
  const pages = useSearchPages(fetchPage);
  const rooms = pages.items;
  const setRooms = pages.setItems;
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [members, setMembers] = useState<Record<string, RoomMember[]>>({});

  /** Runs one change of a room; the row becomes the server's answer, a refusal shows as the error. */
  async function act(room: AdminRoom, run: () => Promise<AdminRoom | null>): Promise<boolean> {
    setActionError(null);
    setPendingId(room.id);
    try {
      const updated = await run();
      setRooms((list) =>
        updated ? list.map((r) => (r.id === updated.id ? updated : r)) : list.filter((r) => r.id !== room.id),
      );
      return true;
    } catch (err) {
      setActionError(err);
      return false;
    } finally {
      setPendingId(null);
    }
  }

  return {
    query: pages.query,
    setQuery: pages.setQuery,
    rooms,
    load: pages.load,
    hasMore: pages.hasMore,
    pendingId,
    actionError,
    members,
    more: pages.more,
    /** Loads (again) the members of a room, for its expanded row. */
    loadMembers: async (room: AdminRoom) => {
      setActionError(null);
      try {
        const r = await api.call('GET', roomPath(room, '/members'), AdminRoomMembersResponse);
        setMembers((m) => ({ ...m, [room.id]: r.members }));
      } catch (err) {
        setActionError(err);
      }
    },
    setArchived: (room: AdminRoom, archived: boolean) =>
      act(
        room,
        async () =>
          (await api.call('POST', roomPath(room, '/archive'), AdminRoomResponse, { archived })).room,
      ),
    setLegalHold: (room: AdminRoom, hold: boolean) =>
      act(
        room,
        async () => (await api.call('POST', roomPath(room, '/legal-hold'), AdminRoomResponse, { hold })).room,
      ),
    setRetention: (room: AdminRoom, days: number | null) =>
      act(
        room,
        async () => (await api.call('PUT', roomPath(room, '/retention'), AdminRoomResponse, { days })).room,
      ),
    /** Deletes the room; it leaves the list once the server did it. */
    remove: (room: AdminRoom) =>
      act(room, async () => {
        await api.call('DELETE', roomPath(room), OkResponse);
        return null;
      }),
  };
}
