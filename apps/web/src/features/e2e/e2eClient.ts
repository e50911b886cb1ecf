import { deleteDeviceDb } from './worker/deviceStore.ts';
import type { LocalHit } from './worker/localIndex.ts';
import {
  E2eRpcError,
  RpcClient,
  type E2eMethods,
  type FromWorker,
  type LinkView,
  type Opened,
  type SafetyNumberView,
  type TextContent,
  type ToWorker,
  type VerificationView,
} from './worker/rpc.ts';

/** How long a logout waits for the worker to wipe the device before doing it from the page. */
const WIPE_TIMEOUT_MS = 5_000;

/** This browser's device as the UI shows it. */
export type DeviceStatus =
  | { state: 'starting' }
  | { state: 'ready'; deviceId: string }
  /** Another tab holds the device; "use here" asks for it and waits. */
  | { state: 'elsewhere' }
  | { state: 'claiming' }
  | { state: 'unsupported' }
  /** The account's key is not in this browser: a new identity can be made here (E2E-45). */
  | { state: 'reset-needed' }
  | { state: 'failed'; code: string };

/** Where this device stands in one encrypted room (SPEC E2E-38's syncRoom). */
export type RoomStatus =
  | { state: 'syncing' }
  /**
   * This device is in the room's group. `warning`: the last sync failed after that (e.g. a member's new device
   * could not be verified); sending still works, so it is said, not blocking.
   */
  | { state: 'ready'; warning?: string }
  /** The room's group exists and this device is not in it yet: a member's device must add it. */
  | { state: 'waiting' }
  | { state: 'failed'; code: string };

/** What the client needs of a Worker (tests give a fake). */
export interface WorkerLike {
  postMessage(msg: ToWorker): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

export interface E2eClientOptions {
  uid: string;
  /** The CSRF token to send; `fresh` reloads it first (the server called the last one stale). */
  csrf: (fresh: boolean) => Promise<string | null>;
  spawn: () => WorkerLike;
}

/**
 * The UI thread's handle on the E2E worker: starts the device, keeps its status and each room's sync status as
 * small external stores (read with useSyncExternalStore), and forwards send, edit and open. Never sees a key.
 */
export class E2eClient {
  readonly uid: string;
  readonly #options: E2eClientOptions;
  #worker: WorkerLike | null = null;
  #rpc: RpcClient | null = null;
  #status: DeviceStatus = { state: 'starting' };
  readonly #rooms = new Map<string, RoomStatus>();
  readonly #syncing = new Map<string, Promise<RoomStatus>>();
  readonly #again = new Set<string>();
  readonly #listeners = new Set<() => void>();
  readonly #roomReady = new Set<(roomId: string) => void>();
  /** One history restore per room and client: every message of an epoch this device missed waits on it. */
  readonly #restoring = new Map<string, Promise<number>>();
  #stopped = false;
  #verifiedVersion = 0;

  constructor(options: E2eClientOptions) {
    this.uid = options.uid;
    this.#options = options;
  }

  subscribe = (fn: () => void): (() => void) => {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  };

  getStatus = (): DeviceStatus => this.#status;

  /** The room's status; undefined before its first sync. */
  roomStatus(roomId: string): RoomStatus | undefined {
    return this.#rooms.get(roomId);
  }

  /** Called when a room becomes ready here (messages that failed there may open now); returns the cleanup. */
  onRoomReady(fn: (roomId: string) => void): () => void {
    this.#roomReady.add(fn);
    return () => this.#roomReady.delete(fn);
  }

  #set(status: DeviceStatus): void {
    this.#status = status;
    for (const fn of this.#listeners) fn();
  }

  #setRoom(roomId: string, status: RoomStatus): void {
    const before = this.#rooms.get(roomId)?.state;
    this.#rooms.set(roomId, status);
    for (const fn of this.#listeners) fn();
    // Only on becoming ready: a failed message asked again fails again, and must not sync the room in a loop.
    if (status.state === 'ready' && before !== 'ready') for (const fn of this.#roomReady) fn(roomId);
  }

  #call<M extends keyof E2eMethods>(
    method: M,
    params: E2eMethods[M]['params'],
  ): Promise<E2eMethods[M]['result']> {
    if (!this.#rpc) return Promise.reject(new E2eRpcError('device.stopped'));
    return this.#rpc.call(method, params);
  }

  /** Spawns the worker and opens this browser's device (registering it the first time). */
  async start(): Promise<void> {
    if (this.#worker) return;
    // A stopped client starts again when asked (React's StrictMode runs the provider's effect twice: start,
    // stop, start); the status says "starting" until the new worker answers.
    this.#stopped = false;
    this.#set({ state: 'starting' });
    const worker = this.#options.spawn();
    const rpc = new RpcClient(
      (msg) => worker.postMessage(msg),
      () => this.#options.csrf(true),
    );
    worker.onmessage = (e) => rpc.receive(e.data);
    worker.onerror = (e) => {
      e.preventDefault?.();
      rpc.failAll('device.internal');
      this.#set({ state: 'failed', code: 'device.internal' });
    };
    this.#worker = worker;
    this.#rpc = rpc;
    await this.#start(false);
  }

  /** "Use here": waits for the tab that holds the device to let it go, then opens it here. */
  async claim(): Promise<void> {
    if (this.#status.state !== 'elsewhere') return;
    this.#set({ state: 'claiming' });
    await this.#start(true);
  }

  /**
   * "Set up here": makes a new security identity for this account in this browser (the old one's devices are
   * revoked, members are asked to accept the change; E2E-45).
   */
  async resetIdentity(): Promise<void> {
    if (this.#status.state !== 'reset-needed') return;
    this.#set({ state: 'starting' });
    await this.#start(false, true);
  }

  /**
   * "Enter recovery key": a new device from the recovery key, with the account's same identity (SPEC E2E-68).
   * Throws the failure's code (a typo, a wrong key) and leaves the state at reset-needed, so the person can
   * try again; once ready, every room syncs again (members' devices add this one as any new device).
   */
  async recover(recoveryKey: string): Promise<void> {
    if (this.#status.state !== 'reset-needed') return;
    const csrfToken = await this.#options.csrf(false).catch(() => null);
    const r = await this.#call('recover', { uid: this.uid, csrfToken, recoveryKey });
    if (this.#stopped) return;
    if (r.status === 'ready') {
      this.#set({ state: 'ready', deviceId: r.deviceId });
      for (const roomId of this.#rooms.keys()) void this.syncRoom(roomId);
    } else this.#set({ state: r.status });
  }

  /**
   * "Link from another device" (SPEC E2E-105): while the account's key is not in this browser, opens a link
   * whose QR text the page shows; the keys stay in the worker.
   */
  async linkBegin(): Promise<{ linkId: string; qr: string }> {
    if (this.#status.state !== 'reset-needed') throw new E2eRpcError(`device.${this.#status.state}`);
    const csrfToken = await this.#options.csrf(false).catch(() => null);
    return this.#call('linkBegin', { uid: this.uid, csrfToken });
  }

  /**
   * One step of this new device's link (on its socket event, or polled): the code to show once there is one;
   * once the other device answered, this device is ready and every room syncs again (SPEC E2E-102).
   */
  async linkPoll(linkId: string): Promise<LinkView> {
    const view = await this.#call('linkPoll', { linkId });
    if (view.stage === 'ready' && view.deviceId && this.#status.state !== 'ready' && !this.#stopped) {
      this.#set({ state: 'ready', deviceId: view.deviceId });
      for (const roomId of this.#rooms.keys()) void this.syncRoom(roomId);
    }
    return view;
  }

  /** The account's newest open link request, for this (existing) device to answer; null when none. */
  async linkPending(): Promise<{ linkId: string } | null> {
    await this.#whenReady();
    return this.#call('linkPending', {});
  }

  /** Existing device, code path: accept, check the code, confirm or refuse a request (SPEC E2E-106). */
  linkRespond(linkId: string, action: 'accept' | 'check' | 'confirm' | 'refuse'): Promise<LinkView> {
    return this.#call('linkRespond', { linkId, action });
  }

  /** Existing device, QR path: hands the keys to the device whose code was scanned (SPEC E2E-101). */
  async linkScan(payload: string): Promise<void> {
    await this.#whenReady();
    await this.#call('linkScan', { payload });
  }

  /** Whether recovery is set up for the account, and whether this device backs up history (SPEC E2E-67). */
  async recoveryStatus(): Promise<{ setUp: boolean; here: boolean }> {
    await this.#whenReady();
    return this.#call('recoveryStatus', {});
  }

  /** Sets up or replaces the recovery key; answers its text, to be shown once (SPEC E2E-67). */
  async setupRecovery(): Promise<string> {
    await this.#whenReady();
    return (await this.#call('setupRecovery', {})).recoveryKey;
  }

  /** Restores the room's backed-up epoch keys, once per room for this client. */
  #restoreHistory(roomId: string): Promise<number> {
    let run = this.#restoring.get(roomId);
    if (!run) {
      run = this.#call('restoreHistory', { roomId }).catch(() => 0);
      this.#restoring.set(roomId, run);
    }
    return run;
  }

  /** The users whose security identity changed and wait for this person to accept. */
  identityChanges(): Promise<string[]> {
    return this.#call('identityChanges', {});
  }

  /** Accepts a user's new security identity, then syncs the room again (their new device gets added). */
  async acceptIdentity(uid: string, roomId: string): Promise<void> {
    await this.#call('acceptIdentity', { uid });
    await this.syncRoom(roomId);
  }

  /**
   * The safety number with a person (E2E-80), from the key this device pins for them; `roomId`, a room
   * shared with them, is synced first when their key is not pinned yet.
   */
  safetyNumber(uid: string, roomId?: string): Promise<SafetyNumberView> {
    return this.#call('safetyNumber', roomId ? { uid, roomId } : { uid });
  }

  /** Marks a person verified for their current key (E2E-82); views of verification refresh. */
  async markVerified(uid: string): Promise<void> {
    await this.#call('markVerified', { uid });
    this.#verifiedVersion += 1;
    for (const fn of this.#listeners) fn();
  }

  /** Who among `uids` is verified, and whose verified key has changed since (E2E-82). */
  verification(uids: string[]): Promise<VerificationView> {
    return this.#call('verification', { uids });
  }

  /** Grows each time a mark is made, so views of verification know to ask again. */
  getVerifiedVersion = (): number => this.#verifiedVersion;

  async #start(claim: boolean, reset = false): Promise<void> {
    try {
      const csrfToken = await this.#options.csrf(false).catch(() => null);
      const r = await this.#call('start', { uid: this.uid, csrfToken, claim, reset });
      if (this.#stopped) return;
      if (r.status === 'ready') {
        this.#set({ state: 'ready', deviceId: r.deviceId });
        // Rooms synced (or failed) while the device was not there are synced again.
        for (const roomId of this.#rooms.keys()) void this.syncRoom(roomId);
      } else this.#set({ state: r.status });
    } catch (err) {
      if (!this.#stopped) this.#set({ state: 'failed', code: codeOf(err) });
    }
  }

  /** Resolves once the device is ready; rejects with the device's state when it cannot become ready. */
  #whenReady(): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const s = this.#status;
        if (s.state === 'ready') resolve();
        else if (s.state === 'starting' || s.state === 'claiming') return false;
        else reject(new E2eRpcError(s.state === 'failed' ? s.code : `device.${s.state}`));
        return true;
      };
      if (check()) return;
      const off = this.subscribe(() => {
        if (check()) off();
      });
    });
  }

  /**
   * Brings the device in line with the room: joins it, creates its group, adds missing member devices. Calls
   * that come while one runs make one more run after it (a member added meanwhile is not missed).
   */
  syncRoom(roomId: string): Promise<RoomStatus> {
    const running = this.#syncing.get(roomId);
    if (running) {
      this.#again.add(roomId);
      return running;
    }
    if (!this.#rooms.has(roomId)) this.#setRoom(roomId, { state: 'syncing' });
    const run = (async (): Promise<RoomStatus> => {
      let status: RoomStatus;
      do {
        this.#again.delete(roomId);
        try {
          await this.#whenReady();
          status = { state: await this.#call('syncRoom', { roomId }) };
        } catch (err) {
          const code = codeOf(err);
          // A room that was ready stays usable when a later sync fails (only adding someone failed).
          const wasReady = this.#rooms.get(roomId)?.state === 'ready';
          status =
            wasReady && !code.startsWith('device.')
              ? { state: 'ready', warning: code }
              : { state: 'failed', code };
        }
      } while (this.#again.has(roomId));
      this.#syncing.delete(roomId);
      this.#setRoom(roomId, status);
      return status;
    })();
    this.#syncing.set(roomId, run);
    return run;
  }

  /** Seals and sends a message with the client-chosen id (synced first when the room is not ready yet). */
  async send(roomId: string, content: TextContent, msgId: string, files?: string[]): Promise<void> {
    await this.#ensureRoom(roomId);
    await this.#call('send', { roomId, content, msgId, ...(files?.length ? { files } : {}) });
  }

  /** Seals a file in the worker under a fresh key (E2E-75): a handle for the send and the bytes to upload. */
  async prepareFile(
    params: E2eMethods['prepareFile']['params'],
  ): Promise<E2eMethods['prepareFile']['result']> {
    await this.#whenReady();
    return this.#call('prepareFile', params);
  }

  /** Tells the worker the server's ids of a prepared file's blobs. */
  fileUploaded(handle: string, fileId: string, thumbFileId: string | null): Promise<null> {
    return this.#call('fileUploaded', { handle, fileId, thumbFileId });
  }

  /** Forgets a prepared file (removed from the tray, or its upload failed). */
  discardFile(handle: string): Promise<null> {
    return this.#call('discardFile', { handle });
  }

  /** A decrypted blob of a message opened here (E2E-76); `e2e.file_corrupt` when it does not open. */
  async fetchFile(roomId: string, msgId: string, fileId: string): Promise<Uint8Array> {
    await this.#whenReady();
    return this.#call('fetchFile', { roomId, msgId, fileId });
  }

  /** Replaces my message's content (same id). */
  async edit(roomId: string, msgId: string, content: TextContent): Promise<void> {
    await this.#ensureRoom(roomId);
    await this.#call('edit', { roomId, msgId, content });
  }

  async #ensureRoom(roomId: string): Promise<void> {
    await this.#whenReady();
    let status = this.#rooms.get(roomId);
    if (status?.state !== 'ready') status = await this.syncRoom(roomId);
    if (status.state === 'waiting') throw new E2eRpcError('device.waiting');
    if (status.state === 'failed') throw new E2eRpcError(status.code);
  }

  /**
   * Opens a message. A key of an epoch this device has not seen yet may only be a commit away: the room is
   * synced and the message tried once more. Still missing, it may be of an epoch before this device joined:
   * the room's history is restored from the backup once (SPEC E2E-68) and the message tried again.
   */
  async open(
    roomId: string,
    ciphertext: string,
    expect: { msgId?: string; senderUid?: string },
    index?: { createdAt: string; seq?: number },
  ): Promise<Opened> {
    await this.#whenReady();
    try {
      return await this.#call('open', { roomId, ciphertext, expect, ...(index ? { index } : {}) });
    } catch (err) {
      const code = codeOf(err);
      if (code !== 'e2e.missing_epoch_key' && code !== 'e2e.not_a_member') throw err;
      const synced = await this.syncRoom(roomId);
      if (synced.state !== 'ready') throw err;
      try {
        return await this.#call('open', { roomId, ciphertext, expect, ...(index ? { index } : {}) });
      } catch (again) {
        if (codeOf(again) !== 'e2e.missing_epoch_key' || (await this.#restoreHistory(roomId)) === 0)
          throw again;
        return this.#call('open', { roomId, ciphertext, expect, ...(index ? { index } : {}) });
      }
    }
  }

  /**
   * Searches the encrypted rooms' messages this device has opened (E2E-91), once it is started; none when it
   * cannot be (another tab holds it, no support): the server's results are shown without them.
   */
  async searchLocal(query: string, roomId: string | null, limit = 30): Promise<LocalHit[]> {
    const ready = await this.#whenReady().then(
      () => true,
      () => false,
    );
    if (!ready) return [];
    return this.#call('searchLocal', { query, limit, ...(roomId ? { roomId } : {}) });
  }

  /** Drops deleted messages from the device's search index (E2E-92). */
  forgetLocal(messageIds: string[]): Promise<null> {
    return this.#call('forgetLocal', { messageIds });
  }

  /**
   * Logout: deletes this device from the browser (IndexedDB) and stops the worker. A worker busy for too long
   * (a request hanging) is not waited for: it is terminated and the page deletes the database.
   */
  async wipe(timeoutMs = WIPE_TIMEOUT_MS): Promise<void> {
    try {
      if (!this.#rpc) throw new E2eRpcError('device.stopped');
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new E2eRpcError('device.stopped')), timeoutMs);
      });
      await Promise.race([this.#call('wipe', { uid: this.uid }), late]).finally(() => clearTimeout(timer));
    } catch {
      // The worker could not do it (crashed, or never started): the page deletes the database itself.
      this.stop();
      await deleteDeviceDb(this.uid).catch(() => undefined);
    }
    this.stop();
  }

  /** Terminates the worker (signed out elsewhere); the device stays in IndexedDB for the next sign-in. */
  stop(): void {
    this.#stopped = true;
    this.#worker?.terminate();
    this.#worker = null;
    this.#rpc?.failAll('device.stopped');
    this.#rpc = null;
  }
}

/** The stable code of a failure. */
export function codeOf(err: unknown): string {
  return err instanceof E2eRpcError ? err.code : 'device.internal';
}
