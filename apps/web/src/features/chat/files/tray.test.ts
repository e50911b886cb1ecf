import { FILE_LIMITS, type FileInfo } from '@messenger/shared';
import { describe, expect, it } from 'vitest';
import {
  emptyTray,
  trayAttachments,
  trayBusy,
  trayCanSend,
  trayExpiring,
  trayHint,
  trayItem,
  trayReducer,
  type TrayAction,
  type TrayState,
} from './tray.ts';

const file = (name: string) => ({ name, size: 1000, type: 'image/png' });
const info = (id: string): FileInfo => ({
  id,
  name: `${id}.png`,
  size: 1000,
  contentType: 'image/png',
  kind: 'image',
  width: 10,
  height: 10,
  url: `/uploads/${id}`,
  thumbUrl: `/uploads/${id}/thumb`,
  deleted: false,
});

function run(...actions: TrayAction[]): TrayState {
  return actions.reduce(trayReducer, emptyTray);
}

describe('upload tray', () => {
  it('a new file uploads, reports progress, then is ready with its token', () => {
    let s = run({ type: 'add', items: [trayItem('a', file('a.png'), 'blob:a')] });
    expect(s.items[0]).toMatchObject({ status: 'uploading', progress: 0 });
    expect(trayBusy(s)).toBe(true);
    s = trayReducer(s, { type: 'progress', key: 'a', progress: 0.5 });
    // Progress never goes back (a late event of an earlier attempt).
    s = trayReducer(s, { type: 'progress', key: 'a', progress: 0.3 });
    expect(s.items[0]!.progress).toBe(0.5);
    s = trayReducer(s, { type: 'ready', key: 'a', token: 'tok-a', expiresAt: null, file: info('a') });
    expect(s.items[0]).toMatchObject({ status: 'ready', progress: 1, token: 'tok-a' });
    expect(trayBusy(s)).toBe(false);
  });

  it('Send waits while a file is uploading or scanning, and is blocked by a failed file', () => {
    let s = run(
      { type: 'add', items: [trayItem('a', file('a.png'), null), trayItem('b', file('b.png'), null)] },
      { type: 'ready', key: 'a', token: 'tok-a', expiresAt: null, file: info('a') },
    );
    expect(trayCanSend(s, 'caption')).toBe(false);
    s = trayReducer(s, { type: 'scanning', key: 'b' });
    expect(trayCanSend(s, '')).toBe(false);
    s = trayReducer(s, { type: 'failed', key: 'b', error: 'Malware', retryable: false });
    expect(trayCanSend(s, '')).toBe(false);
    s = trayReducer(s, { type: 'remove', key: 'b' });
    // A ready file alone may go without a caption.
    expect(trayCanSend(s, '')).toBe(true);
    expect(trayCanSend(emptyTray, '  ')).toBe(false);
    expect(trayCanSend(emptyTray, 'text')).toBe(true);
  });

  it('FILE-9: the composer asks to remove a file that can never pass (infected), to fix one that can', () => {
    let s = run({
      type: 'add',
      items: [trayItem('a', file('a.txt'), null), trayItem('b', file('b.txt'), null)],
    });
    expect(trayHint(s)).toBe('waitForUploads');
    s = trayReducer(s, { type: 'failed', key: 'a', error: 'Malware', retryable: false });
    expect(trayHint(s)).toBe('waitForUploads');
    s = trayReducer(s, { type: 'ready', key: 'b', token: 't', expiresAt: null, file: info('b') });
    expect(trayHint(s)).toBe('removeFailed');
    s = trayReducer(s, { type: 'failed', key: 'b', error: 'Network', retryable: true });
    expect(trayHint(s)).toBe('fixFailed');
    expect(trayHint(run({ type: 'add', items: [] }))).toBeNull();
  });

  it('retry starts the upload over and forgets the error', () => {
    const s = run(
      { type: 'add', items: [trayItem('a', file('a.png'), null)] },
      { type: 'progress', key: 'a', progress: 0.8 },
      { type: 'failed', key: 'a', error: 'Network', retryable: true },
      { type: 'retry', key: 'a' },
    );
    expect(s.items[0]).toMatchObject({ status: 'uploading', progress: 0, error: null });
  });

  it('a file refused before upload is failed at once and cannot be retried', () => {
    const s = run({ type: 'add', items: [trayItem('a', file('big.png'), null, 'Too large')] });
    expect(s.items[0]).toMatchObject({ status: 'failed', error: 'Too large', retryable: false });
  });

  it('events for a removed file are ignored', () => {
    const s = run(
      { type: 'add', items: [trayItem('a', file('a.png'), null)] },
      { type: 'remove', key: 'a' },
      { type: 'ready', key: 'a', token: 'tok', expiresAt: null, file: info('a') },
    );
    expect(s.items).toEqual([]);
  });

  it('takes at most the per-message limit of files', () => {
    const many = Array.from({ length: FILE_LIMITS.filesPerMessage + 3 }, (_, i) =>
      trayItem(`k${i}`, file(`${i}.png`), null),
    );
    expect(run({ type: 'add', items: many }).items).toHaveLength(FILE_LIMITS.filesPerMessage);
  });

  it('attachments are the ready tokens and files in tray order', () => {
    const s = run(
      {
        type: 'add',
        items: [
          trayItem('a', file('a.png'), null),
          trayItem('b', file('b.png'), null),
          trayItem('c', file('c.png'), null),
        ],
      },
      { type: 'ready', key: 'c', token: 'tok-c', expiresAt: null, file: info('c') },
      { type: 'ready', key: 'a', token: 'tok-a', expiresAt: null, file: info('a') },
    );
    expect(trayAttachments(s)).toEqual({ tokens: ['tok-a', 'tok-c'], files: [info('a'), info('c')] });
  });

  it('finds ready files whose token is about to expire', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const s = run(
      { type: 'add', items: [trayItem('a', file('a.png'), null), trayItem('b', file('b.png'), null)] },
      { type: 'ready', key: 'a', token: 'tok-a', expiresAt: '2026-01-01T00:00:10Z', file: info('a') },
      { type: 'ready', key: 'b', token: 'tok-b', expiresAt: '2026-01-01T00:04:00Z', file: info('b') },
    );
    expect(trayExpiring(s, now).map((i) => i.key)).toEqual(['a']);
  });
});
