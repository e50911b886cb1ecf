import { FILE_LIMITS, type FileInfo } from '@messenger/shared';

/** Where one file of the tray stands: sending bytes, waiting for the virus scan, ready to attach, failed. */
export type TrayStatus = 'uploading' | 'scanning' | 'ready' | 'failed';

/** One file waiting in the composer's tray. */
export interface TrayItem {
  key: string;
  name: string;
  size: number;
  type: string;
  /** Object URL of an image for the preview (revoked when the item leaves the tray). */
  previewUrl: string | null;
  status: TrayStatus;
  /** Share of the bytes sent, 0 to 1. */
  progress: number;
  /** Upload token for `message:send` once ready. */
  token: string | null;
  expiresAt: string | null;
  /** The stored file as the server describes it, once ready. */
  file: FileInfo | null;
  /** Localized reason of a failure. */
  error: string | null;
  /** Whether trying again can help (a file that is too large stays too large). */
  retryable: boolean;
}

export interface TrayState {
  items: TrayItem[];
}

export type TrayAction =
  | { type: 'add'; items: TrayItem[] }
  | { type: 'progress'; key: string; progress: number }
  | { type: 'scanning'; key: string }
  | { type: 'ready'; key: string; token: string; expiresAt: string | null; file: FileInfo | null }
  | { type: 'failed'; key: string; error: string; retryable: boolean }
  | { type: 'retry'; key: string }
  | { type: 'remove'; key: string }
  | { type: 'clear' };

export const emptyTray: TrayState = { items: [] };

/** A new tray item: uploading, or failed at once when a check before the upload refused it. */
export function trayItem(
  key: string,
  file: { name: string; size: number; type: string },
  previewUrl: string | null,
  refusal: string | null = null,
): TrayItem {
  return {
    key,
    name: file.name,
    size: file.size,
    type: file.type,
    previewUrl,
    status: refusal ? 'failed' : 'uploading',
    progress: 0,
    token: null,
    expiresAt: null,
    file: null,
    error: refusal,
    retryable: false,
  };
}

function patch(state: TrayState, key: string, change: (item: TrayItem) => TrayItem | null): TrayState {
  const items: TrayItem[] = [];
  for (const item of state.items) {
    if (item.key !== key) items.push(item);
    else {
      const next = change(item);
      if (next) items.push(next);
    }
  }
  return { items };
}

/** The tray's state changes; events for an item that was removed meanwhile are ignored. */
export function trayReducer(state: TrayState, action: TrayAction): TrayState {
  switch (action.type) {
    case 'add':
      return { items: [...state.items, ...action.items].slice(0, FILE_LIMITS.filesPerMessage) };
    case 'progress':
      return patch(state, action.key, (i) =>
        i.status === 'uploading' ? { ...i, progress: Math.min(1, Math.max(i.progress, action.progress)) } : i,
      );
    case 'scanning':
      return patch(state, action.key, (i) => ({ ...i, status: 'scanning', progress: 1 }));
    case 'ready':
      return patch(state, action.key, (i) => ({
        ...i,
        status: 'ready',
        progress: 1,
        token: action.token,
        expiresAt: action.expiresAt,
        file: action.file,
        error: null,
      }));
    case 'failed':
      return patch(state, action.key, (i) => ({
        ...i,
        status: 'failed',
        error: action.error,
        retryable: action.retryable,
        token: null,
      }));
    case 'retry':
      return patch(state, action.key, (i) => ({
        ...i,
        status: 'uploading',
        progress: 0,
        error: null,
        token: null,
        expiresAt: null,
      }));
    case 'remove':
      return patch(state, action.key, () => null);
    case 'clear':
      return emptyTray;
  }
}

/** How many more files the tray takes (the message limit). */
export function trayRoom(state: TrayState): number {
  return FILE_LIMITS.filesPerMessage - state.items.length;
}

/** Whether any file is still on its way (bytes or scan). */
export function trayBusy(state: TrayState): boolean {
  return state.items.some((i) => i.status === 'uploading' || i.status === 'scanning');
}

/** Whether a failed file is left in the tray (the user removes or retries it before sending). */
export function trayHasFailure(state: TrayState): boolean {
  return state.items.some((i) => i.status === 'failed');
}

/**
 * What the composer says while Send waits on the tray: the uploads to finish, the failed files to be removed
 * or retried, or only removed when none of them can pass by retrying (an infected file, one too large).
 */
export function trayHint(state: TrayState): 'waitForUploads' | 'fixFailed' | 'removeFailed' | null {
  if (trayBusy(state)) return 'waitForUploads';
  const failed = state.items.filter((i) => i.status === 'failed');
  if (failed.length === 0) return null;
  return failed.some((i) => i.retryable) ? 'fixFailed' : 'removeFailed';
}

/** Ready items whose token runs out within `marginMs`: uploaded again before sending. */
export function trayExpiring(state: TrayState, now: number, marginMs = 15_000): TrayItem[] {
  return state.items.filter(
    (i) => i.status === 'ready' && i.expiresAt !== null && Date.parse(i.expiresAt) - marginMs <= now,
  );
}

/** Whether Send may go: text or files, nothing in flight, nothing failed. */
export function trayCanSend(state: TrayState, text: string): boolean {
  if (trayBusy(state) || trayHasFailure(state)) return false;
  return text.trim() !== '' || state.items.some((i) => i.status === 'ready');
}

/** Tokens and files of the ready items, in the tray's order. */
export function trayAttachments(state: TrayState): { tokens: string[]; files: FileInfo[] } {
  const ready = state.items.filter((i) => i.status === 'ready' && i.token);
  return {
    tokens: ready.map((i) => i.token!),
    files: ready.flatMap((i) => (i.file ? [i.file] : [])),
  };
}
