import { describe, expect, it } from 'vitest';
import { e2eUploader } from './e2eUploads.ts';

/** A worker stand-in that "seals" by returning fixed bytes, and records what it is told. */
function fakeClient() {
  const log: string[] = [];
  return {
    log,
    client: {
      prepareFile: async (p: { name: string; thumb: unknown }) => {
        log.push(`prepare ${p.name} thumb=${p.thumb ? 'yes' : 'no'}`);
        return { handle: 'h1', blob: new Uint8Array(100), thumbBlob: p.thumb ? new Uint8Array(20) : null };
      },
      fileUploaded: async (handle: string, fileId: string, thumbId: string | null) => {
        log.push(`uploaded ${handle} ${fileId} ${thumbId}`);
        return null;
      },
      discardFile: async (handle: string) => {
        log.push(`discard ${handle}`);
        return null;
      },
    },
  };
}

describe('the tray uploads sealed files in an encrypted room (E2E-75)', () => {
  it('uploads the sealed file then its thumbnail, reporting progress over both, and answers a handle', async () => {
    const { client, log } = fakeClient();
    const progress: number[] = [];
    const uploads: number[] = [];
    const api = {
      maxBytes: () => 1000,
      uploadSealed: async (
        _room: string,
        blob: Blob,
        o?: { onProgress?: (l: number, t: number) => void },
      ) => {
        uploads.push(blob.size);
        o?.onProgress?.(blob.size, blob.size);
        return { fileId: `f${uploads.length}` };
      },
    };
    const up = e2eUploader(client as never, api, async () => ({
      data: new Blob(['t']),
      width: 1,
      height: 1,
    }));
    const file = new File(['hello'], 'cat.png', { type: 'image/png' });
    const res = await up.upload('r1', file, { onProgress: (l, t) => progress.push(l / t) });
    expect(res).toMatchObject({ scanStatus: 'clean', uploadToken: 'h1', file: null });
    expect(Date.parse(res.expiresAt!)).toBeGreaterThan(Date.now());
    expect(uploads).toEqual([100, 20]);
    expect(progress).toEqual([100 / 120, 1]);
    expect(log).toEqual(['prepare cat.png thumb=yes', 'uploaded h1 f1 f2']);
  });

  it('a failed, canceled or removed upload forgets the sealed file', async () => {
    const { client, log } = fakeClient();
    const api = {
      maxBytes: () => null,
      uploadSealed: async () => {
        throw Object.assign(new Error('too large'), { code: 'upload.too_large' });
      },
    };
    const up = e2eUploader(client as never, api, async () => null);
    await expect(up.upload('r1', new File(['x'], 'a.txt'))).rejects.toMatchObject({
      code: 'upload.too_large',
    });
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(up.upload('r1', new File(['x'], 'b.txt'), { signal: ctrl.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(log).toEqual(['prepare a.txt thumb=no', 'discard h1', 'prepare b.txt thumb=no', 'discard h1']);
    // A ready file removed from the tray is forgotten in the worker too.
    up.discard!('h7');
    await Promise.resolve();
    expect(log.at(-1)).toBe('discard h7');
  });
});
