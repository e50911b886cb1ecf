import {
  type E2eSession,
  TrustStore,
  generateDeviceLocalKey,
  generateEd25519,
  safetyNumber,
  toB64url,
  verificationCode,
} from '@messenger/e2e-crypto';
import { describe, expect, it } from 'vitest';
import type { DeviceStore } from './deviceStore.ts';
import { verificationHandlers } from './verification.ts';

/**
 * The worker's verification calls over a real trust store, real sealing and an in-memory record store (the
 * IndexedDB wrapper's get/put); the session is reduced to what the calls read of it.
 */
async function setup() {
  const me = await generateEd25519();
  const trust = new TrustStore();
  const changes = new Set<string>();
  const records = new Map<string, unknown>();
  const store = {
    get: async (key: string) => records.get(key),
    put: async (key: string, value: unknown) => void records.set(key, value),
  } as unknown as DeviceStore;
  const session = {
    masterKey: me,
    device: { trust },
    identityChanges: () => [...changes],
  } as unknown as E2eSession;
  let dlk = await generateDeviceLocalKey();
  const synced: string[] = [];
  let onSync: () => void = () => {};
  const h = verificationHandlers({
    device: () => ({ uid: 'u_me', session, store, dlk }),
    syncRoom: async (roomId) => {
      synced.push(roomId);
      onSync();
    },
  });
  return {
    h,
    me,
    trust,
    changes,
    records,
    synced,
    setOnSync: (fn: () => void) => (onSync = fn),
    newDlk: async () => (dlk = await generateDeviceLocalKey()),
  };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e as { code?: string }).code,
  );

describe('verification in the worker (SPEC E2E-80..E2E-82)', () => {
  it('E2E-80: the number is computed from the pinned key; an unpinned person is pinned through a shared room, or is device.unknown_identity', async () => {
    const s = await setup();
    const ben = await generateEd25519();
    expect(await codeOf(s.h.safetyNumber({ uid: 'u_ben' }))).toBe('device.unknown_identity');
    s.setOnSync(() => s.trust.pin('u_ben', ben.publicKey, 1));
    const view = await s.h.safetyNumber({ uid: 'u_ben', roomId: 'r1' });
    expect(s.synced).toEqual(['r1']);
    const parties = [
      { uid: 'u_me', mskPub: s.me.publicKey },
      { uid: 'u_ben', mskPub: ben.publicKey },
    ] as const;
    expect(view).toEqual({
      groups: await safetyNumber(...parties),
      qr: await verificationCode(...parties),
      verified: false,
      identityChanged: false,
    });
  });

  it('E2E-82: a mark is sealed in its own record, and holds for the key it was made for', async () => {
    const s = await setup();
    const ben = await generateEd25519();
    s.trust.pin('u_ben', ben.publicKey, 1);
    expect(await s.h.verification({ uids: ['u_ben'] })).toEqual({ verified: [], wasVerified: [] });
    await s.h.markVerified({ uid: 'u_ben' });
    expect(await s.h.verification({ uids: ['u_ben', 'u_carol'] })).toEqual({
      verified: ['u_ben'],
      wasVerified: [],
    });
    expect((await s.h.safetyNumber({ uid: 'u_ben' })).verified).toBe(true);
    // Only the `verified` record was written, and it does not show whom or which key in clear.
    expect([...s.records.keys()]).toEqual(['verified']);
    const sealed = new TextDecoder('latin1').decode(s.records.get('verified') as Uint8Array);
    expect(sealed).not.toContain('u_ben');
    expect(sealed).not.toContain(toB64url(ben.publicKey));
    // Marks that do not open (another device-local key) are no marks.
    await s.newDlk();
    expect(await s.h.verification({ uids: ['u_ben'] })).toEqual({ verified: [], wasVerified: [] });
  });

  it('E2E-82: when the verified key changes the person "was verified", cannot be marked until accepted, and the mark drops once the new key is accepted', async () => {
    const s = await setup();
    const ben = await generateEd25519();
    s.trust.pin('u_ben', ben.publicKey, 1);
    await s.h.markVerified({ uid: 'u_ben' });

    // Ben's key changed on the server; the change waits for acceptance (E2E-45).
    s.changes.add('u_ben');
    expect(await s.h.verification({ uids: ['u_ben'] })).toEqual({ verified: [], wasVerified: ['u_ben'] });
    expect(await s.h.safetyNumber({ uid: 'u_ben' })).toMatchObject({
      verified: false,
      identityChanged: true,
    });
    expect(await codeOf(s.h.markVerified({ uid: 'u_ben' }))).toBe('e2e.identity_changed');

    // Accepted: the new key is pinned; the old mark is dropped, not carried over.
    const newBen = await generateEd25519();
    s.trust.replace('u_ben', newBen.publicKey, 2);
    s.changes.delete('u_ben');
    expect(await s.h.verification({ uids: ['u_ben'] })).toEqual({ verified: [], wasVerified: [] });
    // Even the old key pinned again would not bring the mark back: it was deleted.
    s.trust.replace('u_ben', ben.publicKey, 1);
    expect(await s.h.verification({ uids: ['u_ben'] })).toEqual({ verified: [], wasVerified: [] });
  });
});
