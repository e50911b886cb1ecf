/**
 * The narrow, typed RPC between the UI thread and the E2E worker (design e2e.md 5.12: all key handling in a
 * dedicated Worker with a narrow message API). Only plaintext the user wrote or may read crosses it, never a
 * key. Each call carries a request id and is answered once; a failure carries the stable code of the crypto
 * core's E2eCryptoError / E2eTransportError (or one of the device codes below), never a stack or a key.
 * Pure: both ends take a `post` function, so tests join them without a Worker.
 */
import type { AttachmentView } from '../attachments.ts';
import type { LocalHit } from './localIndex.ts';

/** What an encrypted room's message holds once decrypted (design 5.4 plaintext, the text kind). */
export interface TextContent {
  type: 'text';
  body: string;
  /** User ids mentioned, computed on the sender's client (no cleartext mentions reach the server). */
  mentions?: string[];
  /** The id of the message this one replies to. */
  replyTo?: string;
  /** Encrypted attachments as the page sees them: no keys (E2E-75). */
  attachments?: AttachmentView[];
}

/** A message the worker opened: its content and the device that signed it. */
export interface Opened {
  content: TextContent;
  sender: { uid: string; did: string };
  msgId?: string;
  ts?: number;
  epoch?: number;
}

/** The safety number with one person, as the "Verify security" dialog shows it (E2E-80..E2E-82). */
export interface SafetyNumberView {
  /** 12 groups of 5 digits. */
  groups: string[];
  /** The QR payload (base64url text) for the other person to scan. */
  qr: string;
  /** Marked verified for the key pinned now. */
  verified: boolean;
  /** Their key changed and the change waits for acceptance: the number is for the old key. */
  identityChanged: boolean;
}

/** People verified for their current key, and people whose verified key has changed since. */
export interface VerificationView {
  verified: string[];
  wasVerified: string[];
}

/** Where this browser's device stands after start. */
export type StartResult =
  | { status: 'ready'; deviceId: string }
  /** Another tab of this browser profile holds the device (its Web Lock). */
  | { status: 'elsewhere' }
  /** No WebCrypto Ed25519/X25519 or no secure context. */
  | { status: 'unsupported' }
  /**
   * This account's master key is not in this browser (wiped at logout, or made elsewhere) and there is no
   * recovery yet: a new identity can be made here (`start` with `reset`), which members must accept (E2E-45).
   */
  | { status: 'reset-needed' };

/** The calls the UI thread makes, by method: parameters and result. */
export interface E2eMethods {
  /**
   * Opens (or registers) this browser's device of `uid`. `claim`: wait for the device lock held by another tab
   * instead of answering `elsewhere` at once.
   */
  start: {
    params: { uid: string; csrfToken: string | null; claim: boolean; reset?: boolean };
    result: StartResult;
  };
  /** Users whose security identity changed, waiting for this person to accept (E2E-45). */
  identityChanges: { params: Record<string, never>; result: string[] };
  /** Accepts a user's new security identity. */
  acceptIdentity: { params: { uid: string }; result: null };
  syncRoom: { params: { roomId: string }; result: 'ready' | 'waiting' };
  /** `files`: handles of files sealed by `prepareFile` and uploaded, sent as the message's attachments. */
  send: {
    params: { roomId: string; content: TextContent; msgId: string; files?: string[] };
    result: { id: string };
  };
  edit: { params: { roomId: string; msgId: string; content: TextContent }; result: null };
  /**
   * `index`: where the message stands (its time and sequence, from the server's message), so the device's
   * search index of encrypted rooms can hold it (E2E-90); without it the envelope's time is used.
   */
  open: {
    params: {
      roomId: string;
      ciphertext: string;
      expect: { msgId?: string; senderUid?: string };
      index?: { createdAt: string; seq?: number };
    };
    result: Opened;
  };
  /**
   * Searches the messages of encrypted rooms this device has opened (E2E-91): all terms, newest first, with the
   * server's tokenizer; `roomId` keeps to one room.
   */
  searchLocal: {
    params: { query: string; roomId?: string; limit?: number };
    result: LocalHit[];
  };
  /** Drops deleted messages from the device's search index (E2E-92). */
  forgetLocal: { params: { messageIds: string[] }; result: null };
  /**
   * The safety number and QR payload with `uid` (E2E-80, E2E-81) from the master keys this device pinned;
   * `roomId`: a room shared with them, synced first when their key is not pinned yet.
   */
  safetyNumber: { params: { uid: string; roomId?: string }; result: SafetyNumberView };
  /** Marks `uid` verified for the master key this device pins for them now (E2E-82). */
  markVerified: { params: { uid: string }; result: null };
  /** Which of these people are verified, and which were verified for a key that has since changed (E2E-82). */
  verification: { params: { uids: string[] }; result: VerificationView };
  /**
   * Seals a file (and its thumbnail, made by the page) under fresh keys that stay in the worker; answers a
   * handle and the sealed bytes to upload (E2E-75).
   */
  prepareFile: {
    params: {
      file: Blob;
      name: string;
      mime: string;
      thumb: { data: Blob; width: number; height: number } | null;
    };
    result: { handle: string; blob: Uint8Array; thumbBlob: Uint8Array | null };
  };
  /** The server's ids of a prepared file's uploaded blobs. */
  fileUploaded: { params: { handle: string; fileId: string; thumbFileId: string | null }; result: null };
  /** Forgets a prepared file that will not be sent. */
  discardFile: { params: { handle: string }; result: null };
  /**
   * Downloads and decrypts a blob of a message this device opened (E2E-76): the plaintext bytes, checked
   * against the hash the message gives; `e2e.file_corrupt` otherwise.
   */
  fetchFile: { params: { roomId: string; msgId: string; fileId: string }; result: Uint8Array };
  /** Deletes this device's IndexedDB database and lets go of the lock (logout wipes the device). */
  wipe: { params: { uid: string }; result: null };
  /**
   * "Enter recovery key" when `start` answered `reset-needed` (SPEC E2E-68): a new device of `uid` certified
   * by the master key in the secret store, so no identity change. A typo is `e2e.recovery_key_invalid`, a
   * key that does not open the store `e2e.recovery_key_wrong`, no store `e2e.secret_store_not_found`.
   */
  recover: {
    params: { uid: string; csrfToken: string | null; recoveryKey: string };
    result: StartResult;
  };
  /** Whether recovery is set up for the account (the server has a secret store) and on this device. */
  recoveryStatus: { params: Record<string, never>; result: { setUp: boolean; here: boolean } };
  /**
   * Sets up (or replaces) the recovery key (SPEC E2E-67). The one key that crosses this RPC, by design: the
   * person must see it once to write it down; the worker keeps no copy.
   */
  setupRecovery: { params: Record<string, never>; result: { recoveryKey: string } };
  /** Adds the room's backed-up epoch keys (SPEC E2E-68); answers how many epochs were added. */
  restoreHistory: { params: { roomId: string }; result: number };
  /**
   * New device, when `start` answered `reset-needed` (SPEC E2E-105): opens a link on the server with a
   * commitment to a fresh ephemeral key kept here; answers its id and the QR text for the other device.
   */
  linkBegin: { params: { uid: string; csrfToken: string | null }; result: { linkId: string; qr: string } };
  /**
   * New device: one step of the link (on its socket event, or polled): reveals its key once the other device
   * gave its own, answers the code to show, and on the answer registers this device (`ready`, SPEC E2E-102).
   */
  linkPoll: { params: { linkId: string }; result: LinkView };
  /** Existing device: the newest open link request of the account, if any (not one this tab opened). */
  linkPending: { params: Record<string, never>; result: { linkId: string } | null };
  /**
   * Existing device, code path: `accept` gives its ephemeral key, `check` answers the code once the new
   * device revealed its key (checked against its commitment), `confirm` seals the secrets to it after the
   * person saw the same code on both screens, `refuse` ends the request.
   */
  linkRespond: {
    params: { linkId: string; action: 'accept' | 'check' | 'confirm' | 'refuse' };
    result: LinkView;
  };
  /** Existing device, QR path: seals the secrets to the key scanned from the new device's screen. */
  linkScan: { params: { payload: string }; result: null };
}

/** Where a device link stands, as either screen shows it. */
export interface LinkView {
  stage: 'requested' | 'accepted' | 'revealed' | 'answered' | 'refused' | 'ready';
  /** The 8-digit code to compare, once this side can compute it. */
  code: string | null;
  /** This device's id, once linked (`ready`). */
  deviceId?: string;
}

export type E2eMethod = keyof E2eMethods;

/** Codes the client side adds to the crypto core's and the server's. */
export type DeviceErrorCode =
  | 'device.elsewhere'
  | 'device.unsupported'
  | 'device.stopped'
  | 'device.internal'
  | 'device.waiting'
  /** No master key of that person could be had (no shared encrypted room with them yet). */
  | 'device.unknown_identity';

/** UI thread to worker. */
export type ToWorker =
  | { kind: 'call'; id: number; method: E2eMethod; params: unknown }
  /** The answer to `need-csrf`: a fresh token (null when the main thread could not get one). */
  | { kind: 'csrf'; id: number; token: string | null };

/** Worker to UI thread. */
export type FromWorker =
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: { code: string; message: string } }
  /** The server called the CSRF token stale: the worker asks for a fresh one, once per request. */
  | { kind: 'need-csrf'; id: number };

/** A failed call, as the UI thread sees it: the stable code to branch on. */
export class E2eRpcError extends Error {
  readonly code: string;

  constructor(code: string, message = code) {
    super(message);
    this.name = 'E2eRpcError';
    this.code = code;
  }
}

/**
 * The wire form of a thrown value: errors of the crypto core and of the transport keep their `code`, anything
 * else becomes `device.internal` with its message only (no stack, nothing from the session).
 */
export function encodeError(err: unknown): { code: string; message: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && /^[a-z0-9_]+(\.[a-z0-9_]+)+$/.test(code))
      return { code, message: err.message };
    return { code: 'device.internal', message: err.message };
  }
  return { code: 'device.internal', message: String(err) };
}

/** The UI thread's end: `call` sends a request and resolves with its answer. */
export class RpcClient {
  readonly #post: (msg: ToWorker) => void;
  readonly #csrf: () => Promise<string | null>;
  readonly #waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  #next = 1;

  constructor(post: (msg: ToWorker) => void, freshCsrf: () => Promise<string | null>) {
    this.#post = post;
    this.#csrf = freshCsrf;
  }

  call<M extends E2eMethod>(method: M, params: E2eMethods[M]['params']): Promise<E2eMethods[M]['result']> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#post({ kind: 'call', id, method, params });
    });
  }

  /** Handles one message from the worker. */
  receive(msg: FromWorker): void {
    if (msg.kind === 'need-csrf') {
      void this.#csrf().then(
        (token) => this.#post({ kind: 'csrf', id: msg.id, token }),
        () => this.#post({ kind: 'csrf', id: msg.id, token: null }),
      );
      return;
    }
    const waiting = this.#waiting.get(msg.id);
    if (!waiting) return;
    this.#waiting.delete(msg.id);
    if (msg.ok) waiting.resolve(msg.value);
    else waiting.reject(new E2eRpcError(msg.error.code, msg.error.message));
  }

  /** Fails every call still waiting (the worker was terminated or crashed). */
  failAll(code: string): void {
    for (const w of this.#waiting.values()) w.reject(new E2eRpcError(code));
    this.#waiting.clear();
  }
}

/** The worker's handlers, one per method. */
export type E2eHandlers = {
  [M in E2eMethod]: (params: E2eMethods[M]['params']) => Promise<E2eMethods[M]['result']>;
};

/**
 * The worker's end: runs each call's handler and answers it; `askCsrf` asks the UI thread for a fresh CSRF
 * token. Returns the function that handles one message from the UI thread.
 */
export function serveRpc(
  handlers: E2eHandlers,
  post: (msg: FromWorker) => void,
): { receive: (msg: ToWorker) => void; askCsrf: () => Promise<string | null> } {
  const csrfWaiting = new Map<number, (token: string | null) => void>();
  let next = 1;
  const receive = (msg: ToWorker) => {
    if (msg.kind === 'csrf') {
      csrfWaiting.get(msg.id)?.(msg.token);
      csrfWaiting.delete(msg.id);
      return;
    }
    const handler = handlers[msg.method] as ((p: unknown) => Promise<unknown>) | undefined;
    if (!handler) {
      post({
        kind: 'result',
        id: msg.id,
        ok: false,
        error: { code: 'device.internal', message: 'no method' },
      });
      return;
    }
    handler(msg.params).then(
      (value) => post({ kind: 'result', id: msg.id, ok: true, value: value ?? null }),
      (err: unknown) => post({ kind: 'result', id: msg.id, ok: false, error: encodeError(err) }),
    );
  };
  const askCsrf = () =>
    new Promise<string | null>((resolve) => {
      const id = next++;
      csrfWaiting.set(id, resolve);
      post({ kind: 'need-csrf', id });
    });
  return { receive, askCsrf };
}
