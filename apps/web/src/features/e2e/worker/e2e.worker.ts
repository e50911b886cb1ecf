/// <reference lib="webworker" />
/**
 * The E2E worker: owns this browser's E2eSession (design e2e.md 5.12). Keys, group states and the device-local
 * key never leave it; the UI thread asks through the RPC of rpc.ts and gets plaintext or a failure code back.
 * The device lives in IndexedDB (deviceStore.ts), sealed under the device-local key and saved after every call
 * that changes it. One tab at a time holds the device, by a Web Lock kept for the worker's lifetime.
 */
import { CSRF_HEADER, type VerifiedMarksResponse } from '@messenger/shared';
import {
  E2eSession,
  E2eTransportError,
  httpLinkTransport,
  httpTransport,
  type HttpCall,
} from '@messenger/e2e-crypto';
import { generateDeviceLocalKey, openAtRest, sealAtRest } from './atRest.ts';
import { deleteDeviceDb, deviceName, DeviceStore } from './deviceStore.ts';
import { FileVault } from './fileVault.ts';
import { linkHandlers } from './link.ts';
import { LocalIndex } from './localIndex.ts';
import { openChecked } from './openChecked.ts';
import { E2eRpcError, serveRpc, type E2eHandlers, type FromWorker, type ToWorker } from './rpc.ts';
import { detectSupport } from './support.ts';
import { verificationHandlers, type SharedMarks } from './verification.ts';

declare const self: DedicatedWorkerGlobalScope;

interface Device {
  uid: string;
  session: E2eSession;
  store: DeviceStore;
  dlk: CryptoKey;
}

let device: Device | null = null;
let csrfToken: string | null = null;
let supported: Promise<boolean> | null = null;
let releaseLock: (() => void) | null = null;
/** Calls that change the session run one after the other (a commit must not interleave with a send). */
let queue: Promise<unknown> = Promise.resolve();
/** Saves run in order, each with the state of its moment. */
let saving: Promise<unknown> = Promise.resolve();

const rpc = serveRpc(handlers(), (msg: FromWorker) => self.postMessage(msg));
self.onmessage = (e: MessageEvent<ToWorker>) => rpc.receive(e.data);

/** The associated data of the sealed state: whose device it is, so one user's state never opens as another's. */
const aad = (uid: string) => new TextEncoder().encode(`messenger e2e device state v1|${uid}`);

/** One JSON request as the page would make it: same-origin cookie, the CSRF header, one retry on a stale token. */
const call: HttpCall = async (method, url, body) => {
  const send = async () => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
    const res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await res.json().catch(() => null);
    return { status: res.status, json };
  };
  const first = await send();
  if (first.status !== 403 || (first.json as { code?: unknown } | null)?.code !== 'csrf.invalid')
    return first;
  // The token is bound to the cookie, which a login in another tab may have replaced: ask the page, once.
  csrfToken = await rpc.askCsrf();
  return send();
};

/** Keys of encrypted attachments: sealed and opened here, never handed to the page (E2E-75, E2E-76). */
const files = new FileVault();
const transport = files.transport(httpTransport(call));
/** The device-link relay (E2E-105): used before this browser has a device, too. */
const relay = httpLinkTransport(call);
/** A new device's lock and store, taken once its link is answered (E2E-102). */
let linking: { store: DeviceStore; dlk: CryptoKey } | null = null;

/** One encrypted blob as stored, downloaded with the page's cookie (E2E-71). */
async function download(roomId: string, fileId: string): Promise<Uint8Array> {
  const q = encodeURIComponent;
  const res = await fetch(`/api/rooms/${q(roomId)}/e2e/files/${q(fileId)}`, { credentials: 'same-origin' });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { code?: unknown; error?: unknown } | null;
    const code = typeof body?.code === 'string' ? body.code : 'http.status';
    throw new E2eRpcError(code, typeof body?.error === 'string' ? body.error : `HTTP ${res.status}`);
  }
  return new Uint8Array(await res.arrayBuffer());
}

/** Takes the device's Web Lock, waiting for it or not; resolves whether it is held now. */
function takeLock(uid: string, wait: boolean): Promise<boolean> {
  if (releaseLock) return Promise.resolve(true);
  return new Promise((resolve) => {
    void navigator.locks.request(deviceName(uid), wait ? {} : { ifAvailable: true }, (lock) => {
      if (!lock) return resolve(false);
      resolve(true);
      // Held until wipe (or until the worker is terminated, which releases it).
      return new Promise<void>((release) => (releaseLock = release));
    });
  });
}

/** Seals and stores the session's state; saves never overlap and keep their order. */
function save(d: Device): Promise<void> {
  const run = saving.then(async () => {
    const bytes = await d.session.exportState();
    await d.store.put('state', await sealAtRest(d.dlk, bytes, aad(d.uid)));
  });
  saving = run.catch(() => undefined);
  return run;
}

/** Runs a call that changes the session, after the ones before it, then saves the state. */
function mutate<T>(fn: (d: Device) => Promise<T>): Promise<T> {
  const run = queue.then(async () => {
    const d = ready();
    try {
      return await fn(d);
    } finally {
      // Saved even when the call failed half way (a commit may have gone through before a later step failed).
      await save(d);
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

function ready(): Device {
  if (!device) throw new E2eRpcError('device.stopped', 'the device is not started');
  return device;
}

/**
 * The session of the stored state, or a newly registered device when there is none (or it cannot be read).
 * Null when the account's master key is not here (the server holds another one, E2E-20) and `reset` is not
 * asked: only the person decides to make a new identity, which every member then sees (E2E-45).
 */
async function loadSession(
  uid: string,
  store: DeviceStore,
  dlk: CryptoKey,
  reset: boolean,
): Promise<E2eSession | null> {
  const sealed = await store.get<Uint8Array>('state');
  if (sealed) {
    try {
      const session = await E2eSession.restore(await openAtRest(dlk, sealed, aad(uid)), transport);
      if (session.uid === uid) return session;
    } catch (err) {
      // A state this device cannot open or parse is lost; a new device is the way on (design 5.6: members
      // add it, and older messages say they were sent before it joined).
      console.warn('the stored E2E device could not be restored; registering a new one', err);
    }
  }
  try {
    return await E2eSession.register({ uid, transport, resetIdentity: reset });
  } catch (err) {
    if (err instanceof E2eTransportError && err.code === 'e2e.identity_mismatch') return null;
    throw err;
  }
}

/** The device's lock, store and device-local key, for `start` and `recover`; false when another tab holds it. */
async function openStore(
  uid: string,
  claim: boolean,
): Promise<{ store: DeviceStore; dlk: CryptoKey } | false> {
  if (!(await takeLock(uid, claim))) return false;
  const store = await DeviceStore.open(uid);
  let dlk = await store.get<CryptoKey>('dlk');
  if (!dlk) {
    dlk = await generateDeviceLocalKey();
    await store.put('dlk', dlk);
  }
  return { store, dlk };
}

/** The associated data of the sealed search index: another record than the state, so neither opens as the other. */
const searchAad = (uid: string) => new TextEncoder().encode(`messenger e2e search index v1|${uid}`);

/** How long after the last addition the search index is saved: a page of history is one save, not fifty. */
const INDEX_SAVE_DELAY_MS = 1_000;

/** Each device's search index of encrypted rooms (E2E-90), loaded from its sealed record on first use. */
const indexes = new WeakMap<Device, Promise<LocalIndex>>();
let indexTimer: ReturnType<typeof setTimeout> | null = null;

function indexOf(d: Device): Promise<LocalIndex> {
  let loading = indexes.get(d);
  if (!loading) {
    loading = (async () => {
      const sealed = await d.store.get<Uint8Array>('search');
      if (!sealed) return new LocalIndex();
      try {
        const text = new TextDecoder().decode(await openAtRest(d.dlk, sealed, searchAad(d.uid)));
        return LocalIndex.deserialize(text);
      } catch (err) {
        // Only a convenience: an index this device cannot open starts empty and refills as messages are opened.
        console.warn('the search index of encrypted rooms could not be opened; starting a new one', err);
        return new LocalIndex();
      }
    })();
    indexes.set(d, loading);
  }
  return loading;
}

/** Saves the device's index sealed (E2E-93) once additions pause; never in clear, never once per message. */
function saveIndexSoon(d: Device, index: LocalIndex): void {
  if (indexTimer) clearTimeout(indexTimer);
  indexTimer = setTimeout(() => {
    indexTimer = null;
    if (device !== d) return;
    saving = saving.then(async () => {
      const bytes = new TextEncoder().encode(index.serialize());
      if (device === d) await d.store.put('search', await sealAtRest(d.dlk, bytes, searchAad(d.uid)));
    });
    saving = saving.catch((err: unknown) => console.warn('the search index could not be saved', err));
  }, INDEX_SAVE_DELAY_MS);
}

function handlers(): E2eHandlers {
  return {
    async recover({ uid, csrfToken: token, recoveryKey }) {
      csrfToken = token;
      if (device) throw new E2eRpcError('device.internal', 'the device is already started');
      supported ??= detectSupport();
      if (!(await supported)) return { status: 'unsupported' };
      const opened = await openStore(uid, false);
      if (!opened) return { status: 'elsewhere' };
      const session = await E2eSession.recover({ uid, recoveryKey, transport });
      const d: Device = { uid, session, ...opened };
      await save(d);
      device = d;
      return { status: 'ready', deviceId: session.did };
    },
    recoveryStatus: async () => {
      const d = ready();
      return { setUp: (await transport.secretStore()) !== null, here: d.session.backsUpHistory };
    },
    setupRecovery: () => mutate(async (d) => ({ recoveryKey: await d.session.setupRecovery() })),
    restoreHistory: ({ roomId }) => mutate((d) => d.session.restoreHistory(roomId)),
    async start({ uid, csrfToken: token, claim, reset }) {
      csrfToken = token;
      if (device) {
        if (device.uid !== uid) throw new E2eRpcError('device.internal', 'another user');
        return { status: 'ready', deviceId: device.session.did };
      }
      supported ??= detectSupport();
      if (!(await supported)) return { status: 'unsupported' };
      const opened = await openStore(uid, claim);
      if (!opened) return { status: 'elsewhere' };
      const { store, dlk } = opened;
      const session = await loadSession(uid, store, dlk, reset === true);
      if (!session) return { status: 'reset-needed' };
      const d: Device = { uid, session, store, dlk };
      await save(d);
      device = d;
      return { status: 'ready', deviceId: session.did };
    },
    syncRoom: ({ roomId }) => mutate((d) => d.session.syncRoom(roomId)),
    send: ({ roomId, content, msgId, files: handles }) =>
      mutate(async (d) => {
        // Attachments go inside the envelope with their keys; the send claims their blobs (E2E-72).
        const attachments = handles?.length ? files.attach(msgId, handles) : [];
        const sealed = attachments.length ? { ...content, attachments } : { ...content };
        let sent = false;
        try {
          const id = await d.session.send(roomId, sealed, msgId);
          sent = true;
          return { id };
        } finally {
          if (handles?.length) files.settle(msgId, handles, sent);
        }
      }),
    edit: ({ roomId, msgId, content }) =>
      mutate(async (d) => {
        // An edit changes the text; the files stay, with the keys only this worker holds (E2E-75).
        const attachments = files.attachmentsOf(msgId);
        await d.session.edit(
          roomId,
          msgId,
          attachments.length ? { ...content, attachments } : { ...content },
        );
        return null;
      }),
    identityChanges: async () => ready().session.identityChanges(),
    acceptIdentity: ({ uid }) =>
      mutate(async (d) => {
        d.session.acceptIdentity(uid);
        return null;
      }),
    async open({ roomId, ciphertext, expect, index }) {
      const d = ready();
      const opened = await openChecked(d.session, roomId, ciphertext, expect, (msgId, sealed) =>
        files.remember(msgId, sealed),
      );
      // Every message opened here becomes searchable on this device (E2E-90); an edit replaces its entry.
      const messageId = opened.msgId ?? expect.msgId;
      const createdAt = index?.createdAt ?? (opened.ts ? new Date(opened.ts).toISOString() : null);
      if (messageId && createdAt) {
        const local = await indexOf(d);
        local.add({
          roomId,
          messageId,
          ...(index?.seq !== undefined ? { seq: index.seq } : {}),
          senderId: opened.sender.uid,
          createdAt,
          body: opened.content.body,
        });
        saveIndexSoon(d, local);
      }
      return opened;
    },
    async searchLocal({ query, roomId, limit }) {
      const local = await indexOf(ready());
      return local.search(query, { ...(roomId ? { roomId } : {}), limit: Math.min(limit ?? 30, 200) });
    },
    async forgetLocal({ messageIds }) {
      const d = ready();
      const local = await indexOf(d);
      let changed = false;
      for (const id of messageIds) changed = local.remove(id) || changed;
      if (changed) saveIndexSoon(d, local);
      return null;
    },
    async prepareFile({ file, name, mime, thumb }) {
      ready();
      const data = new Uint8Array(await file.arrayBuffer());
      const t = thumb && { ...thumb, data: new Uint8Array(await thumb.data.arrayBuffer()) };
      return files.prepare({ data, name, mime }, t);
    },
    async fileUploaded({ handle, fileId, thumbFileId }) {
      files.uploaded(handle, fileId, thumbFileId);
      return null;
    },
    async discardFile({ handle }) {
      files.discard(handle);
      return null;
    },
    fetchFile: async ({ roomId, msgId, fileId }) =>
      files.decrypt(msgId, fileId, await download(roomId, fileId)),
    ...linkHandlers({
      relay: () => relay,
      transport: () => transport,
      session: () => device?.session ?? null,
      setCsrf: (token) => {
        csrfToken = token;
      },
      async canAdopt(uid) {
        supported ??= detectSupport();
        if (!(await supported)) return false;
        const opened = await openStore(uid, false);
        if (!opened) return false;
        linking = opened;
        return true;
      },
      async adopt(uid, session) {
        if (!linking) throw new E2eRpcError('device.internal', 'no store for the linked device');
        const d: Device = { uid, session, ...linking };
        linking = null;
        await save(d);
        device = d;
        return { status: 'ready', deviceId: session.did };
      },
    }),
    ...verificationHandlers({
      device: ready,
      syncRoom: (roomId) => mutate((d) => d.session.syncRoom(roomId)),
      shared: sharedMarks(),
    }),
    async wipe({ uid }) {
      const d = device;
      device = null;
      // The index goes with the device (E2E-93): no save may land after the database is deleted.
      if (indexTimer) clearTimeout(indexTimer);
      indexTimer = null;
      await queue;
      await saving;
      d?.store.close();
      // Also when this tab never held the device: another tab's copy closes on the deletion (deviceStore.ts).
      await deleteDeviceDb(uid);
      releaseLock?.();
      releaseLock = null;
      return null;
    },
  };
}

/**
 * The verified marks the server keeps for this user's devices (E2E-89); checked before any is believed. A
 * function declaration, so `handlers()` can use it before this point of the module has run.
 */
function sharedMarks(): SharedMarks {
  return {
    async list() {
      const res = await call('GET', '/api/e2e/verified-marks');
      if (res.status !== 200) throw new E2eRpcError('http.status', `HTTP ${res.status}`);
      return (res.json as VerifiedMarksResponse).marks;
    },
    async put(uid, mark) {
      const res = await call('PUT', `/api/e2e/verified-marks/${encodeURIComponent(uid)}`, mark);
      if (res.status !== 200) throw new E2eRpcError('http.status', `HTTP ${res.status}`);
    },
  };
}
