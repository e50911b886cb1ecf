import { FILE_LIMITS, type UploadResponse } from '@messenger/shared';
import type { UploadOptions } from '../../lib/upload.ts';
import type { TrayUploader } from '../chat/files/useUploadTray.ts';
import type { E2eClient } from './e2eClient.ts';

/** A sealed file's handle is used before its blobs expire on the server (E2E-74): the tray uploads again after. */
const HANDLE_TTL_MS = (FILE_LIMITS.tokenTtlSeconds - 30) * 1000;

/** What the uploader needs of the files API: the sealed-bytes upload and the size limit. */
export interface SealedUploadApi {
  uploadSealed(roomId: string, blob: Blob, options?: UploadOptions): Promise<{ fileId: string }>;
  maxBytes(): number | null;
}

function abortError(): DOMException {
  return new DOMException('The upload was canceled.', 'AbortError');
}

/**
 * The composer tray's uploader in an encrypted room (E2E-75): the same tray, progress and cancel as any room,
 * but each file is sealed by the E2E worker under a fresh key, and the image's thumbnail made here and sealed
 * as its own blob; the tray's "token" is the worker's handle, which the send turns into the message's
 * attachments. `thumbnail` makes the preview (the DOM's canvas in the app; tests give their own).
 */
export function e2eUploader(
  client: Pick<E2eClient, 'prepareFile' | 'fileUploaded' | 'discardFile'>,
  api: SealedUploadApi,
  thumbnail: (file: Blob) => Promise<{ data: Blob; width: number; height: number } | null>,
): TrayUploader {
  return {
    maxBytes: () => api.maxBytes(),
    waitForScan: () => Promise.reject(new Error('encrypted files are not scanned')),
    discard: (handle) => void client.discardFile(handle).catch(() => undefined),
    async upload(roomId: string, file: File, options: UploadOptions = {}): Promise<UploadResponse> {
      const { signal, onProgress } = options;
      const thumb = await thumbnail(file);
      const sealed = await client.prepareFile({
        file,
        name: file.name,
        mime: file.type || 'application/octet-stream',
        thumb,
      });
      try {
        if (signal?.aborted) throw abortError();
        const total = sealed.blob.length + (sealed.thumbBlob?.length ?? 0);
        const main = await api.uploadSealed(roomId, new Blob([sealed.blob as Uint8Array<ArrayBuffer>]), {
          signal,
          onProgress: (loaded) => onProgress?.(loaded, total),
        });
        const thumbUp = sealed.thumbBlob
          ? await api.uploadSealed(roomId, new Blob([sealed.thumbBlob as Uint8Array<ArrayBuffer>]), {
              signal,
              onProgress: (loaded) => onProgress?.(sealed.blob.length + loaded, total),
            })
          : null;
        await client.fileUploaded(sealed.handle, main.fileId, thumbUp?.fileId ?? null);
      } catch (err) {
        void client.discardFile(sealed.handle).catch(() => undefined);
        throw err;
      }
      return {
        scanStatus: 'clean',
        jobId: null,
        uploadToken: sealed.handle,
        expiresAt: new Date(Date.now() + HANDLE_TTL_MS).toISOString(),
        file: null,
      };
    },
  };
}
