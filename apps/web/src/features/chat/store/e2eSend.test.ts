import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatApi } from '../chatApi.ts';
import { ChatStore, type E2eSender } from './chatStore.ts';
import { msg, room } from './fixtures.ts';

/** What a browser's localStorage would hold: every write of the store lands here. */
let written: Map<string, string>;

beforeEach(() => {
  written = new Map();
  vi.stubGlobal('window', {
    localStorage: {
      getItem: (k: string) => written.get(k) ?? null,
      setItem: (k: string, v: string) => void written.set(k, v),
      removeItem: (k: string) => void written.delete(k),
    },
  });
  vi.stubGlobal('document', { visibilityState: 'visible' });
});
afterEach(() => vi.unstubAllGlobals());

const members = [
  { user: { id: 'me', username: 'me', nickname: '나', deleted: false }, role: 'owner' },
  { user: { id: 'kim', username: 'kim', nickname: '김철수', deleted: false }, role: 'member' },
];

/** A store holding one encrypted room (r1) and one standard room (r2), with kim and me in r1. */
function storeWithRooms() {
  const store = new ChatStore({} as ChatApi, 'me');
  store.dispatch({
    type: 'rooms',
    rooms: [room('r1', { e2e: true }), room('r2')],
    changedMeanwhile: new Map(),
  });
  store.dispatch({ type: 'members', roomId: 'r1', members: members as never });
  return store;
}

describe('sending into an encrypted room', () => {
  it('E2E-42: shows the message as pending, sends it through the E2E client with its mentions, and never writes it to localStorage', async () => {
    const store = storeWithRooms();
    const sent: { roomId: string; content: unknown; msgId: string }[] = [];
    let release!: () => void;
    const sender: E2eSender = {
      send: (roomId, content, msgId) => {
        sent.push({ roomId, content, msgId });
        return new Promise<void>((r) => (release = r));
      },
    };
    store.setE2e(sender);
    store.drafts.set('r1', '비밀 초안');
    store.send('r1', '비밀 @kim 안녕', 'm0');

    const [pending] = store.getState().pending;
    expect(pending).toMatchObject({ roomId: 'r1', body: '비밀 @kim 안녕', status: 'pending' });
    expect(sent).toEqual([
      {
        roomId: 'r1',
        content: { type: 'text', body: '비밀 @kim 안녕', mentions: ['kim'], replyTo: 'm0' },
        msgId: pending!.id,
      },
    ]);
    expect([...written.values()].join('\n')).not.toContain('비밀');
    expect(store.drafts.get('r1')).toBe('비밀 초안');

    // Confirmed by its event, as any send: the pending row goes.
    store.messageCreated(msg(1, { id: pending!.id, kind: 'e2e', body: '', ciphertext: 'ct', sender: null }));
    release();
    await Promise.resolve();
    expect(store.getState().pending).toEqual([]);
  });

  it('a refused send stays as failed with its code, and Retry sends it again under the same id', async () => {
    const store = storeWithRooms();
    const ids: string[] = [];
    let attempt = 0;
    store.setE2e({
      send: async (_roomId, _content, msgId) => {
        ids.push(msgId);
        if (attempt++ === 0) throw Object.assign(new Error('waiting'), { code: 'device.waiting' });
      },
    });
    store.send('r1', '안녕');
    await vi.waitFor(() => expect(store.getState().pending[0]?.status).toBe('failed'));
    expect(store.getState().pending[0]?.errorCode).toBe('device.waiting');
    store.retry(ids[0]!);
    await vi.waitFor(() => expect(ids).toHaveLength(2));
    expect(ids[1]).toBe(ids[0]);
  });

  it('a standard room still goes through the outbox (kept across reloads)', () => {
    const store = storeWithRooms();
    store.setE2e({ send: () => Promise.reject(new Error('must not be called')) });
    store.send('r2', '평문');
    expect([...written.values()].join('\n')).toContain('평문');
  });
});
