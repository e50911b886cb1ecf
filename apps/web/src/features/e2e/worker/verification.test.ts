import {
  type E2eSession,
  type Ed25519KeyPair,
  signVerifiedMark,
  TrustStore,
  generateDeviceLocalKey,
  generateEd25519,
  safetyNumber,
  toB64url,
  verificationCode,
} from '@messenger/e2e-crypto';
import { describe, expect, it } from 'vitest';
import type { DeviceStore } from './deviceStore.ts';
import { SHARED_MARKS_TTL_MS, verificationHandlers } from './verification.ts';

type SharedMark = { mskPub: string; sig: string };

/**
 * The worker's verification calls over a real trust store, real sealing and an in-memory record store (the
 * IndexedDB wrapper's get/put); the session is reduced to what the calls read of it.
 */
async function setup(opts: { me?: Ed25519KeyPair; server?: Map<string, SharedMark> } = {}) {
  const me = opts.me ?? (await generateEd25519());
  let clock = 1_000_000;
  const trust = new TrustStore();
  const changes = new Set<string>();
  const records = new Map<string, unknown>();
  const store = {
    get: async (key: string) => records.get(key),
    put: async (key: string, value: unknown) => void records.set(key, value),
  } as unknown as DeviceStore;
  const session = {
    did: `d_${Math.random().toString(36).slice(2)}`,
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
    // The server's `/api/e2e/verified-marks` as a map (its routes are tested against the real server);
    // without one, the server cannot be reached.
    shared: {
      list: async () => {
        if (!opts.server) throw new Error('offline');
        return [...opts.server.entries()].map(([userId, m]) => ({ userId, ...m }));
      },
      put: async (uid, mark) => {
        if (!opts.server) throw new Error('offline');
        opts.server.set(uid, mark);
      },
    },
    now: () => clock,
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
    tick: (ms: number) => (clock += ms),
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
    // Even the old key pinned again would not bring the mark back on this device: it was deleted (this
    // device has no server here; with one, a mark signed by my master key for that key would hold again).
    s.trust.replace('u_ben', ben.publicKey, 1);
    expect(await s.h.verification({ uids: ['u_ben'] })).toEqual({ verified: [], wasVerified: [] });
  });
});

describe("verified marks shared with the user's own devices (SPEC E2E-89)", () => {
  it('E2E-89: a mark made on one device is kept by the server signed by the master key, and the other device adopts it', async () => {
    const server = new Map<string, SharedMark>();
    const me = await generateEd25519();
    const ben = await generateEd25519();
    const laptop = await setup({ me, server });
    const desktop = await setup({ me, server });
    laptop.trust.pin('u_ben', ben.publicKey, 1);
    desktop.trust.pin('u_ben', ben.publicKey, 1);
    expect(await desktop.h.verification({ uids: ['u_ben'] })).toEqual({ verified: [], wasVerified: [] });

    await laptop.h.markVerified({ uid: 'u_ben' });
    expect(server.get('u_ben')?.mskPub).toBe(toB64url(ben.publicKey));
    // The desktop read the server a moment ago; it reads again once that answer is old.
    desktop.tick(SHARED_MARKS_TTL_MS);
    expect(await desktop.h.verification({ uids: ['u_ben'] })).toEqual({
      verified: ['u_ben'],
      wasVerified: [],
    });
    expect((await desktop.h.safetyNumber({ uid: 'u_ben' })).verified).toBe(true);
    // Adopted into the desktop's own sealed marks: it holds with the server gone.
    server.clear();
    desktop.tick(SHARED_MARKS_TTL_MS);
    expect((await desktop.h.verification({ uids: ['u_ben'] })).verified).toEqual(['u_ben']);
  });

  it('E2E-89: the server cannot make a mark: one signed by another key, for another key, or about another person is ignored', async () => {
    const server = new Map<string, SharedMark>();
    const me = await generateEd25519();
    const mallory = await generateEd25519();
    const ben = await generateEd25519();
    const fake = await generateEd25519();
    const device = await setup({ me, server });
    device.trust.pin('u_ben', ben.publicKey, 1);
    device.trust.pin('u_carol', fake.publicKey, 1);
    const sign = async (key: Ed25519KeyPair, target: string, targetKey: Uint8Array) =>
      toB64url(await signVerifiedMark(key, { uid: 'u_me', target, targetMskPub: targetKey }));
    // Signed by a master key that is not mine.
    server.set('u_ben', {
      mskPub: toB64url(ben.publicKey),
      sig: await sign(mallory, 'u_ben', ben.publicKey),
    });
    // My genuine mark about Ben, replayed as one about Carol.
    server.set('u_carol', { mskPub: toB64url(fake.publicKey), sig: await sign(me, 'u_ben', fake.publicKey) });
    expect(await device.h.verification({ uids: ['u_ben', 'u_carol'] })).toEqual({
      verified: [],
      wasVerified: [],
    });
    // My genuine mark for a key of Ben's that this device does not pin (a key the server swapped in).
    server.set('u_ben', { mskPub: toB64url(fake.publicKey), sig: await sign(me, 'u_ben', fake.publicKey) });
    device.tick(SHARED_MARKS_TTL_MS);
    expect((await device.h.verification({ uids: ['u_ben'] })).verified).toEqual([]);
    // Garbage is ignored, not an error.
    server.set('u_ben', { mskPub: '!!', sig: 'x' });
    device.tick(SHARED_MARKS_TTL_MS);
    expect((await device.h.verification({ uids: ['u_ben'] })).verified).toEqual([]);
    // And the genuine one is taken.
    server.set('u_ben', { mskPub: toB64url(ben.publicKey), sig: await sign(me, 'u_ben', ben.publicKey) });
    device.tick(SHARED_MARKS_TTL_MS);
    expect((await device.h.verification({ uids: ['u_ben'] })).verified).toEqual(['u_ben']);
  });

  it('E2E-89: marking works while the server cannot be reached; the mark holds on this device', async () => {
    const device = await setup();
    const ben = await generateEd25519();
    device.trust.pin('u_ben', ben.publicKey, 1);
    await device.h.markVerified({ uid: 'u_ben' });
    expect((await device.h.verification({ uids: ['u_ben'] })).verified).toEqual(['u_ben']);
  });
});
