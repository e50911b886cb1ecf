import { RoomAuditResponse, RoomSummary, type UpdateRoomBody } from '@messenger/shared';
import type { ApiClient, ResponseSchema } from '../../../lib/api.ts';
import { postMultipart } from '../../../lib/upload.ts';

const One: ResponseSchema<{ room: RoomSummary }> = {
  safeParse(value) {
    const r = RoomSummary.safeParse((value as { room?: unknown } | null)?.room);
    return r.success ? { success: true, data: { room: r.data } } : { success: false };
  },
};

const enc = encodeURIComponent;

/** A group's shared settings for its admins (ADM-1, ADM-2); each answers with the room as it is now. */
export function roomSettingsApi(api: ApiClient) {
  return {
    /** Changes only the fields given. */
    update: (roomId: string, body: UpdateRoomBody) =>
      api.call('PATCH', `/api/rooms/${enc(roomId)}`, One, body).then((r) => r.room),
    /** Sets the room image; the server checks the type by content and crops it square. */
    uploadImage: (roomId: string, file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return postMultipart(api, `/api/rooms/${enc(roomId)}/image`, form, One).then((r) => r.room);
    },
    removeImage: (roomId: string) =>
      api.call('DELETE', `/api/rooms/${enc(roomId)}/image`, One).then((r) => r.room),
    /** A page of the room's admin log, newest first (ADM-6). */
    audit: (roomId: string, cursor?: string) => {
      const params = new URLSearchParams({ format: 'json', limit: '20' });
      if (cursor) params.set('cursor', cursor);
      return api.call(
        'GET',
        `/api/rooms/${enc(roomId)}/admin-audit-logs?${params.toString()}`,
        RoomAuditResponse,
      );
    },
    /** Where the browser downloads the room's audit log as CSV (ADM-6). */
    auditCsvUrl: (roomId: string) => `/api/rooms/${enc(roomId)}/admin-audit-logs?format=csv`,
  };
}

/** The room settings calls bound to one API client. */
export type RoomSettingsApi = ReturnType<typeof roomSettingsApi>;
