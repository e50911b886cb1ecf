import {
  HistoryResponse,
  Message,
  OkResponse,
  PresenceResponse,
  ReactionsResponse,
  ReadersResponse,
  RoomDetailResponse,
  RoomMember,
  RoomsResponse,
  RoomSummary,
  UsersResponse,
  type UserPresence,
} from '@messenger/shared';
import type { ApiClient, ResponseSchema } from '../../lib/api.ts';
import { profileApi } from '../profile/profileApi.ts';
import { filesApi } from './files/filesApi.ts';
import { roomSettingsApi } from './settings/roomSettingsApi.ts';

/** A response `{[name]: value}` whose value a shared schema checks. */
function wrapped<K extends string, T>(
  name: K,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
): ResponseSchema<Record<K, T>> {
  return {
    safeParse(value) {
      const r = schema.safeParse((value as Record<string, unknown> | null)?.[name]);
      return r.success ? { success: true, data: { [name]: r.data } as Record<K, T> } : { success: false };
    },
  };
}

const One = wrapped('message', Message);
const Members = wrapped('members', RoomMember.array());
const Settings = wrapped('room', RoomSummary);

/** One user's presence and status message, as `GET /api/presence` answers. */
export type PresenceInfo = Omit<UserPresence, 'userId'>;

const enc = encodeURIComponent;

/** The chat's HTTP calls (rooms, history, message actions, directory). */
export function chatApi(api: ApiClient) {
  return {
    files: filesApi(api),
    /** My own profile (FILE-12). */
    profile: profileApi(api),
    roomSettings: roomSettingsApi(api),
    /** The server's bootstrap config, read again (the E2E policy may have changed since login, E2E-110). */
    config: () => api.config(),
    /** The config loaded last (at login), or null. */
    loadedConfig: () => api.loadedConfig,
    rooms: () => api.call('GET', '/api/rooms', RoomsResponse).then((r) => r.rooms),
    room: (id: string) => api.call('GET', `/api/rooms/${enc(id)}`, RoomDetailResponse),
    /** The direct room with a person; `encrypted`: the end-to-end encrypted one, a separate room (E2E-40). */
    createDirect: (userId: string, encrypted = false) =>
      api.call('POST', '/api/rooms', RoomDetailResponse, {
        kind: 'direct',
        userId,
        ...(encrypted ? { encrypted } : {}),
      }),
    /** A group; `encrypted`: end-to-end encrypted for good (E2E-40). */
    createGroup: (name: string, memberIds: string[], encrypted = false) =>
      api.call('POST', '/api/rooms', RoomDetailResponse, {
        kind: 'group',
        name,
        memberIds,
        ...(encrypted ? { encrypted } : {}),
      }),
    history: (
      roomId: string,
      query: { before?: number; after?: number; around?: string; limit?: number },
    ) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
      return api.call('GET', `/api/rooms/${enc(roomId)}/messages?${params.toString()}`, HistoryResponse);
    },
    edit: (id: string, body: string) => api.call('PUT', `/api/messages/${enc(id)}`, One, { body }),
    remove: (id: string) => api.call('DELETE', `/api/messages/${enc(id)}`, One),
    react: (id: string, emoji: string) =>
      api.call('POST', `/api/messages/${enc(id)}/reactions`, ReactionsResponse, { emoji }),
    readers: (id: string) => api.call('GET', `/api/messages/${enc(id)}/readers`, ReadersResponse),
    settings: (roomId: string, change: { pinned?: boolean; muted?: boolean }) =>
      api.call('PUT', `/api/rooms/${enc(roomId)}/settings`, Settings, change).then((r) => r.room),
    invite: (roomId: string, userIds: string[]) =>
      api.call('POST', `/api/rooms/${enc(roomId)}/members`, Members, { userIds }),
    kick: (roomId: string, userId: string) =>
      api.call('DELETE', `/api/rooms/${enc(roomId)}/members/${enc(userId)}`, OkResponse),
    leave: (roomId: string) => api.call('POST', `/api/rooms/${enc(roomId)}/leave`, OkResponse),
    rename: (roomId: string, name: string) =>
      api.call('PUT', `/api/rooms/${enc(roomId)}/name`, OkResponse, { name }),
    setRole: (roomId: string, userId: string, role: 'admin' | 'member') =>
      api.call('PUT', `/api/rooms/${enc(roomId)}/members/${enc(userId)}/role`, Members, { role }),
    transfer: (roomId: string, userId: string) =>
      api.call('POST', `/api/rooms/${enc(roomId)}/transfer`, Members, { userId }),
    users: (q: string, cursor?: string) => {
      const params = new URLSearchParams({ limit: '30' });
      if (q) params.set('q', q);
      if (cursor) params.set('cursor', cursor);
      return api.call('GET', `/api/users?${params.toString()}`, UsersResponse);
    },
    presence: (userIds: string[]) =>
      api.call('GET', `/api/presence?userIds=${userIds.map(enc).join(',')}`, PresenceResponse),
  };
}

/** The chat's HTTP calls bound to one API client. */
export type ChatApi = ReturnType<typeof chatApi>;
