import { E2eFileResponse, RoomFilesResponse, type FileKind } from '@messenger/shared';
import type { ApiClient, ResponseSchema } from '../../../lib/api.ts';
import { postBlob, uploadFile, waitForScan, type UploadOptions } from '../../../lib/upload.ts';

// The delete answer matters only as success: any JSON body (or none) will do.
const Anything: ResponseSchema<unknown> = { safeParse: (value) => ({ success: true, data: value }) };

const enc = encodeURIComponent;

/** The file calls: upload (with progress), scan wait, a room's gallery, and deleting a file. */
export function filesApi(api: ApiClient) {
  return {
    upload: (roomId: string, file: File, options?: UploadOptions) => uploadFile(api, roomId, file, options),
    waitForScan: (jobId: string, signal?: AbortSignal) => waitForScan(api, jobId, signal),
    /** Uploads an encrypted room's sealed file (opaque bytes, E2E-70); answers the blob's id. */
    uploadSealed: (roomId: string, blob: Blob, options?: UploadOptions) =>
      postBlob(api, `/api/rooms/${enc(roomId)}/e2e/files`, blob, E2eFileResponse, options),
    roomFiles: (roomId: string, query: { kind: FileKind; cursor?: string | null; limit?: number }) => {
      const params = new URLSearchParams({ kind: query.kind });
      if (query.cursor) params.set('cursor', query.cursor);
      if (query.limit) params.set('limit', String(query.limit));
      return api.call('GET', `/api/rooms/${enc(roomId)}/files?${params.toString()}`, RoomFilesResponse);
    },
    remove: (roomId: string, fileId: string) =>
      api.call('DELETE', `/api/rooms/${enc(roomId)}/files/${enc(fileId)}`, Anything),
    /** Largest upload the server takes, when it said so (the server judges in any case). */
    maxBytes: (): number | null => api.loadedConfig?.upload.maxBytes ?? null,
  };
}

/** The file calls bound to one API client. */
export type FilesApi = ReturnType<typeof filesApi>;
