import type { ErrorCode } from '@messenger/shared';
import { ApiError, isApiError } from '../../../lib/api.ts';
import { isAbort } from '../../../lib/upload.ts';
import { errorText } from '../../../i18n/errorText.ts';
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilesApi } from './filesApi.ts';
import { formatBytes } from './format.ts';
import {
  emptyTray,
  trayAttachments,
  trayBusy,
  trayCanSend,
  trayExpiring,
  trayHint,
  trayItem,
  trayReducer,
  trayRoom,
  type TrayItem,
} from './tray.ts';

/** Codes after which uploading the same file again cannot succeed. */
const FINAL_CODES: ErrorCode[] = [
  'upload.too_large',
  'upload.type_not_allowed',
  'upload.content_mismatch',
  'upload.infected',
];

/** What the tray uploads through: the files API, or an encrypted room's sealing uploader (E2E-75). */
export type TrayUploader = Pick<FilesApi, 'upload' | 'waitForScan' | 'maxBytes'> & {
  /** Forgets what an upload left behind (the sealed file's keys) when its item is removed unsent. */
  discard?: (token: string) => void;
};

/** Image types the browser shows from an object URL in the tray. */
const PREVIEWABLE = /^image\/(png|jpeg|gif|webp|bmp|avif)$/;

let counter = 0;
// Not crypto.randomUUID: it exists only in secure contexts, and a LAN install may run on plain HTTP.
const nextKey = () => `f${++counter}`;

/**
 * The composer's tray of attachments: each file starts uploading the moment it is added (so Send is quick),
 * shows progress, can be canceled, retried or removed; Send takes the ready tokens and empties the tray.
 */
export function useUploadTray(roomId: string, api: TrayUploader) {
  const { t, i18n } = useTranslation();
  const [state, dispatch] = useReducer(trayReducer, emptyTray);
  const [notice, setNotice] = useState<string | null>(null);
  // Handlers read the latest state through this ref (they outlive the render that made them).
  const stateRef = useRef(state);
  useLayoutEffect(() => {
    stateRef.current = state;
  }, [state]);
  const sources = useRef(new Map<string, File>());
  const controllers = useRef(new Map<string, AbortController>());

  const start = useCallback(
    (key: string, file: File) => {
      const ctrl = new AbortController();
      controllers.current.set(key, ctrl);
      const { signal } = ctrl;
      void (async () => {
        try {
          let res = await api.upload(roomId, file, {
            signal,
            onProgress: (loaded, total) =>
              dispatch({ type: 'progress', key, progress: total > 0 ? loaded / total : 0 }),
          });
          if (res.scanStatus === 'pending' && res.jobId) {
            dispatch({ type: 'scanning', key });
            res = await api.waitForScan(res.jobId, signal);
          }
          if (res.scanStatus !== 'clean' || !res.uploadToken)
            throw new ApiError(502, 'response.invalid', 'Unexpected server response.');
          dispatch({ type: 'ready', key, token: res.uploadToken, expiresAt: res.expiresAt, file: res.file });
        } catch (err) {
          if (isAbort(err)) return;
          dispatch({
            type: 'failed',
            key,
            error: errorText(err),
            retryable: !isApiError(err, ...FINAL_CODES),
          });
        } finally {
          if (controllers.current.get(key) === ctrl) controllers.current.delete(key);
        }
      })();
    },
    [api, roomId],
  );

  const release = (item: TrayItem) => {
    controllers.current.get(item.key)?.abort();
    controllers.current.delete(item.key);
    sources.current.delete(item.key);
    if (item.previewUrl) URL.revokeObjectURL(item.previewUrl);
  };

  // Leaving the room cancels what is still uploading and frees the previews.
  useEffect(
    () => () => {
      for (const item of stateRef.current.items) release(item);
    },
    [],
  );

  /** Adds files (button, drop or paste); a file over the known size limit fails at once. */
  const add = (files: readonly File[]) => {
    if (files.length === 0) return;
    const room = trayRoom(stateRef.current);
    const taken = files.slice(0, Math.max(0, room));
    setNotice(taken.length < files.length ? t('files.tooMany', { count: trayRoom(emptyTray) }) : null);
    const max = api.maxBytes();
    const items = taken.map((file) => {
      const key = nextKey();
      const refusal =
        max !== null && file.size > max
          ? t('files.tooLarge', { max: formatBytes(max, i18n.language) })
          : null;
      const preview = PREVIEWABLE.test(file.type) ? URL.createObjectURL(file) : null;
      sources.current.set(key, file);
      return { item: trayItem(key, file, preview, refusal), file };
    });
    dispatch({ type: 'add', items: items.map((i) => i.item) });
    for (const { item, file } of items) if (item.status === 'uploading') start(item.key, file);
  };

  const remove = (key: string) => {
    const item = stateRef.current.items.find((i) => i.key === key);
    if (item) release(item);
    if (item?.token) api.discard?.(item.token);
    dispatch({ type: 'remove', key });
    setNotice(null);
  };

  const retry = (key: string) => {
    const file = sources.current.get(key);
    if (!file) return;
    controllers.current.get(key)?.abort();
    dispatch({ type: 'retry', key });
    start(key, file);
  };

  /**
   * The attachments for Send, emptying the tray; null when a token is about to expire, in which case those
   * files upload again and Send waits for them.
   */
  const take = (): { tokens: string[]; files: NonNullable<TrayItem['file']>[] } | null => {
    const expiring = trayExpiring(stateRef.current, Date.now());
    if (expiring.length > 0) {
      for (const item of expiring) retry(item.key);
      return null;
    }
    const attachments = trayAttachments(stateRef.current);
    for (const item of stateRef.current.items) release(item);
    dispatch({ type: 'clear' });
    setNotice(null);
    return attachments;
  };

  return useMemo(
    () => ({
      items: state.items,
      busy: trayBusy(state),
      hint: trayHint(state),
      notice,
      canSend: (text: string) => trayCanSend(state, text),
      add,
      remove,
      retry,
      take,
      dismissNotice: () => setNotice(null),
    }),
    // The callbacks read the state through stateRef; only what renders needs to be fresh.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state, notice],
  );
}

/** The tray's model, as the composer and the drop zone use it. */
export type UploadTray = ReturnType<typeof useUploadTray>;
