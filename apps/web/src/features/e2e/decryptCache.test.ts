import { describe, expect, it } from 'vitest';
import { DecryptCache, type EncryptedMessage } from './decryptCache.ts';
import type { Opened } from './worker/rpc.ts';

const kim = { id: 'kim', nickname: '김철수' };

function msg(id: string, ciphertext: string, roomId = 'r1'): EncryptedMessage {
  return { id, roomId, ciphertext, sender: kim };
}

/** A fake worker: each ciphertext "decrypts" to its own text; answers wait until released. */
function fakeOpen() {
  const calls: string[] = [];
  const waiting: { ct: string; resolve: (o: Opened) => void; reject: (e: unknown) => void }[] = [];
  const open = (m: EncryptedMessage & { ciphertext: string }) => {
    calls.push(m.ciphertext);
    return new Promise<Opened>((resolve, reject) => waiting.push({ ct: m.ciphertext, resolve, reject }));
  };
  const answer = async (ct: string, outcome: 'ok' | string = 'ok') => {
    const i = waiting.findIndex((w) => w.ct === ct);
    const [w] = waiting.splice(i, 1);
    if (outcome === 'ok')
      w!.resolve({ content: { type: 'text', body: `text of ${ct}` }, sender: { uid: 'kim', did: 'd' } });
    else w!.reject(Object.assign(new Error(outcome), { code: outcome }));
    await Promise.resolve();
    await Promise.resolve();
  };
  return { open, calls, answer };
}

describe('decrypt cache', () => {
  it('asks the worker once per (id, ciphertext) and keeps the same snapshot until the entry changes', async () => {
    const w = fakeOpen();
    const cache = new DecryptCache(w.open);
    let changes = 0;
    cache.subscribe(() => changes++);
    expect(cache.peek('m1', 'c1')).toBeUndefined();
    cache.request(msg('m1', 'c1'));
    cache.request(msg('m1', 'c1'));
    expect(w.calls).toEqual(['c1']);
    const pending = cache.peek('m1', 'c1');
    expect(pending).toEqual({ status: 'pending' });
    expect(cache.peek('m1', 'c1')).toBe(pending);
    await w.answer('c1');
    const ok = cache.peek('m1', 'c1');
    expect(ok).toEqual({ status: 'ok', content: { type: 'text', body: 'text of c1' }, senderUid: 'kim' });
    expect(cache.peek('m1', 'c1')).toBe(ok);
    expect(changes).toBe(2);
  });

  it('asks again for an edit (new ciphertext) and ignores the late answer for the old one', async () => {
    const w = fakeOpen();
    const cache = new DecryptCache(w.open);
    cache.request(msg('m1', 'c1'));
    cache.request(msg('m1', 'c2'));
    expect(w.calls).toEqual(['c1', 'c2']);
    expect(cache.peek('m1', 'c1')).toBeUndefined();
    await w.answer('c2');
    await w.answer('c1');
    expect(cache.peek('m1', 'c2')).toMatchObject({ status: 'ok', content: { body: 'text of c2' } });
    expect(cache.latest('m1')?.value).toMatchObject({ content: { body: 'text of c2' } });
    expect(cache.latest('m1')?.senderNickname).toBe('김철수');
  });

  it('keeps a failure with its code, and forgets it when its room was synced or the device came back', async () => {
    const w = fakeOpen();
    const cache = new DecryptCache(w.open);
    cache.request(msg('a', 'ca', 'r1'));
    cache.request(msg('b', 'cb', 'r2'));
    cache.request(msg('c', 'cc', 'r2'));
    await w.answer('ca', 'e2e.missing_epoch_key');
    await w.answer('cb', 'device.elsewhere');
    await w.answer('cc', 'e2e.bad_signature');
    expect(cache.peek('a', 'ca')).toEqual({ status: 'failed', code: 'e2e.missing_epoch_key' });
    // The device is back: only the failure that came from the device is asked again.
    cache.retryFailed();
    expect(cache.peek('b', 'cb')).toBeUndefined();
    expect(cache.peek('a', 'ca')).toMatchObject({ status: 'failed' });
    expect(cache.peek('c', 'cc')).toMatchObject({ status: 'failed' });
    // This device joined r1: its failures there are asked again, r2's tampered one stays.
    cache.retryFailed('r1');
    expect(cache.peek('a', 'ca')).toBeUndefined();
    expect(cache.peek('c', 'cc')).toMatchObject({ status: 'failed', code: 'e2e.bad_signature' });
  });

  it('keeps at most its limit, the oldest asked going first', () => {
    const w = fakeOpen();
    const cache = new DecryptCache(w.open, 2);
    cache.request(msg('1', 'c1'));
    cache.request(msg('2', 'c2'));
    cache.request(msg('3', 'c3'));
    expect(cache.peek('1', 'c1')).toBeUndefined();
    expect(cache.peek('3', 'c3')).toEqual({ status: 'pending' });
  });

  it('does not ask for a message without ciphertext (deleted)', () => {
    const w = fakeOpen();
    const cache = new DecryptCache(w.open);
    cache.request({ ...msg('m', ''), ciphertext: null });
    expect(w.calls).toEqual([]);
  });

  it('E2E-50: settled() resolves once the worker answered, with the same answer the timeline sees', async () => {
    const w = fakeOpen();
    const cache = new DecryptCache(w.open);
    const first = cache.settled(msg('m1', 'c1'));
    const again = cache.settled(msg('m1', 'c1'));
    expect(w.calls).toEqual(['c1']);
    await w.answer('c1');
    expect(await first).toEqual({
      status: 'ok',
      content: { type: 'text', body: 'text of c1' },
      senderUid: 'kim',
    });
    expect(await again).toBe(cache.peek('m1', 'c1'));
    // Already settled: at once, without asking again.
    expect(await cache.settled(msg('m1', 'c1'))).toBe(cache.peek('m1', 'c1'));
    const failing = cache.settled(msg('m2', 'c2'));
    await w.answer('c2', 'e2e.missing_epoch_key');
    expect(await failing).toEqual({ status: 'failed', code: 'e2e.missing_epoch_key' });
    // An edit replaced the entry before the answer: the old one is superseded.
    const old = cache.settled(msg('m3', 'c3'));
    cache.request(msg('m3', 'c3b'));
    expect(await old).toEqual({ status: 'failed', code: 'device.superseded' });
  });
});
