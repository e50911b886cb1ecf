/**
 * Safety numbers and verified marks in the worker (design e2e.md 5.9, SPEC E2E-80..E2E-82). Numbers come from
 * the master keys the session pins (never from a fresh server answer), so a key the server swapped shows as a
 * different number than the other person's. A verified mark is kept per person with the key it was made for,
 * in its own IndexedDB record sealed under the device-local key (not in the session state): when that
 * person's key changes the mark no longer holds, and it is dropped once the new key is accepted.
 *
 * Marks reach the user's other devices through the server (E2E-89): each mark made here is also signed by the
 * user's master key and kept by the server; a device adopts a kept mark only if that signature holds under its
 * own master key and the mark is for the key it pins, so the server can hide a mark but never make one.
 */
import {
  checkVerifiedMark,
  fromB64url,
  safetyNumber,
  signVerifiedMark,
  toB64url,
  verificationCode,
  type E2eSession,
} from '@messenger/e2e-crypto';
import type { PutVerifiedMarkBody, VerifiedMark } from '@messenger/shared';
import { openAtRest, sealAtRest } from './atRest.ts';
import type { DeviceStore } from './deviceStore.ts';
import { E2eRpcError, type E2eHandlers } from './rpc.ts';

/** Verified marks: user id -> the master key (base64url) the person compared. */
type Marks = Record<string, string>;

/** The user's marks as the server keeps them for their devices (`/api/e2e/verified-marks`, E2E-89). */
export interface SharedMarks {
  list(): Promise<Pick<VerifiedMark, 'userId' | 'mskPub' | 'sig'>[]>;
  put(uid: string, mark: PutVerifiedMarkBody): Promise<void>;
}

/** How long the marks read from the server are taken as current before the next call reads them again. */
export const SHARED_MARKS_TTL_MS = 30_000;

/** What the verification calls need from the worker. */
export interface VerificationDeps {
  /** The started device (throws `device.stopped` otherwise). */
  device: () => { uid: string; session: E2eSession; store: DeviceStore; dlk: CryptoKey };
  /** Syncs a room through the worker's queue (pins its members' master keys). */
  syncRoom: (roomId: string) => Promise<unknown>;
  /** The marks the server keeps for this user's devices. */
  shared: SharedMarks;
  /** The clock (tests move it). */
  now?: () => number;
}

/** The associated data of the sealed marks: whose they are, and that they are marks, not a session state. */
const aad = (uid: string) => new TextEncoder().encode(`messenger e2e verified v1|${uid}`);

async function readMarks(d: ReturnType<VerificationDeps['device']>): Promise<Marks> {
  const sealed = await d.store.get<Uint8Array>('verified');
  if (!sealed) return {};
  try {
    return JSON.parse(new TextDecoder().decode(await openAtRest(d.dlk, sealed, aad(d.uid)))) as Marks;
  } catch {
    // Marks that do not open are no marks: the person verifies again rather than trusting damaged data.
    return {};
  }
}

async function writeMarks(d: ReturnType<VerificationDeps['device']>, marks: Marks): Promise<void> {
  const bytes = new TextEncoder().encode(JSON.stringify(marks));
  await d.store.put('verified', await sealAtRest(d.dlk, bytes, aad(d.uid)));
}

/** The verification methods of the worker's RPC. */
export function verificationHandlers(
  deps: VerificationDeps,
): Pick<E2eHandlers, 'safetyNumber' | 'markVerified' | 'verification'> {
  /** Changes of the marks run one after the other, so two marks made at once both stay. */
  let writing: Promise<unknown> = Promise.resolve();
  const change = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = writing.then(fn);
    writing = run.catch(() => undefined);
    return run;
  };

  const now = deps.now ?? Date.now;
  /** When (and by which device) the server's marks were last adopted. */
  let adopted: { key: string; at: number } | null = null;

  /**
   * Adopts the marks this user's other devices made (E2E-89): each one whose signature holds under this
   * device's master key and whose key is the one pinned here. Read at most every SHARED_MARKS_TTL_MS; a server
   * that cannot be reached leaves the local marks as they are.
   */
  const adoptShared = async (d: ReturnType<VerificationDeps['device']>, marks: Marks): Promise<Marks> => {
    const mine = d.session.masterKey.publicKey;
    // Per device: a device recovered or linked since (same user, same master key) starts with no marks.
    const key = `${d.uid}|${d.session.did}`;
    if (adopted && adopted.key === key && now() - adopted.at < SHARED_MARKS_TTL_MS) return marks;
    let kept: Awaited<ReturnType<SharedMarks['list']>>;
    try {
      kept = await deps.shared.list();
    } catch {
      return marks;
    }
    adopted = { key, at: now() };
    let added = false;
    for (const m of kept) {
      if (marks[m.userId] === m.mskPub) continue;
      const pinned = d.session.device.trust.pinned(m.userId);
      if (!pinned || toB64url(pinned.mskPub) !== m.mskPub) continue;
      let targetMskPub: Uint8Array;
      let sig: Uint8Array;
      try {
        targetMskPub = fromB64url(m.mskPub);
        sig = fromB64url(m.sig);
      } catch {
        continue;
      }
      if (!(await checkVerifiedMark(mine, { uid: d.uid, target: m.userId, targetMskPub }, sig))) continue;
      marks[m.userId] = m.mskPub;
      added = true;
    }
    if (added) await writeMarks(d, marks);
    return marks;
  };

  /** The key pinned for `uid`, pinning it through a shared room's sync when there is none yet. */
  const pinned = async (uid: string, roomId?: string) => {
    let key = deps.device().session.device.trust.pinned(uid);
    if (!key && roomId) {
      // A changed identity or a room still waiting must not hide the number of a key already pinned.
      await deps.syncRoom(roomId).catch(() => undefined);
      key = deps.device().session.device.trust.pinned(uid);
    }
    if (!key) throw new E2eRpcError('device.unknown_identity', uid);
    return key.mskPub;
  };

  return {
    async safetyNumber({ uid, roomId }) {
      const d = deps.device();
      const them = { uid, mskPub: await pinned(uid, roomId) };
      const me = { uid: d.uid, mskPub: d.session.masterKey.publicKey };
      const identityChanged = d.session.identityChanges().includes(uid);
      const marks = await change(async () => adoptShared(d, await readMarks(d)));
      return {
        groups: await safetyNumber(me, them),
        qr: await verificationCode(me, them),
        verified: !identityChanged && marks[uid] === toB64url(them.mskPub),
        identityChanged,
      };
    },
    markVerified: ({ uid }) =>
      change(async () => {
        const d = deps.device();
        // Only the key the person just compared, and never one whose change waits for acceptance.
        if (d.session.identityChanges().includes(uid)) throw new E2eRpcError('e2e.identity_changed', uid);
        const key = d.session.device.trust.pinned(uid);
        if (!key) throw new E2eRpcError('device.unknown_identity', uid);
        await writeMarks(d, { ...(await readMarks(d)), [uid]: toB64url(key.mskPub) });
        // The user's other devices learn it from the server, signed by the master key (E2E-89). The mark
        // here holds even if the server cannot be reached now.
        const mark = { uid: d.uid, target: uid, targetMskPub: key.mskPub };
        const sig = await signVerifiedMark(d.session.masterKey, mark);
        await deps.shared
          .put(uid, { mskPub: toB64url(key.mskPub), sig: toB64url(sig) })
          .catch(() => undefined);
        return null;
      }),
    verification: ({ uids }) =>
      change(async () => {
        const d = deps.device();
        const marks = await adoptShared(d, await readMarks(d));
        const changes = new Set(d.session.identityChanges());
        const verified: string[] = [];
        const wasVerified: string[] = [];
        let dropped = false;
        for (const uid of uids) {
          const mark = marks[uid];
          if (!mark) continue;
          const key = d.session.device.trust.pinned(uid);
          const same = key !== undefined && toB64url(key.mskPub) === mark;
          if (same && !changes.has(uid)) verified.push(uid);
          else if (same) wasVerified.push(uid);
          else {
            // The new key was accepted: the mark was for the old one.
            delete marks[uid];
            dropped = true;
          }
        }
        if (dropped) await writeMarks(d, marks);
        return { verified, wasVerified };
      }),
  };
}
