import type { Opened, TextContent } from './worker/rpc.ts';

/** One message's decryption, as the timeline shows it. */
export type Decrypted =
  | { status: 'pending' }
  | { status: 'ok'; content: TextContent; senderUid: string }
  | { status: 'failed'; code: string };

/** What the cache needs of a message (a shared `Message` of kind `e2e` fits). */
export interface EncryptedMessage {
  id: string;
  roomId: string;
  ciphertext?: string | null;
  sender: { id: string; nickname: string } | null;
  /** Where the message stands, for the device's search index (E2E-90). */
  createdAt?: string;
  seq?: number;
}

/** One cached message: its decryption and what a reply's quote shows of it. */
export interface Entry {
  roomId: string;
  ciphertext: string;
  senderNickname: string | null;
  value: Decrypted;
}

/** Failure codes that say nothing about the message, only about this device now: asked again when it changes. */
const TRANSIENT = /^(device\.|http\.|network\.)/;

/** How many messages are kept decrypted in memory (the oldest asked go first). */
const DEFAULT_LIMIT = 5_000;

/**
 * Decrypted messages in memory (never stored): the worker is asked once per (id, ciphertext), an edit (a new
 * ciphertext) asks again. An external store for useSyncExternalStore: `peek` returns the same object until that
 * message's entry changes, so a row renders again only when its own decryption does.
 */
export class DecryptCache {
  readonly #entries = new Map<string, Entry>();
  readonly #listeners = new Set<() => void>();
  readonly #open: (m: EncryptedMessage & { ciphertext: string }) => Promise<Opened>;
  readonly #limit: number;

  constructor(
    open: (m: EncryptedMessage & { ciphertext: string }) => Promise<Opened>,
    limit = DEFAULT_LIMIT,
  ) {
    this.#open = open;
    this.#limit = limit;
  }

  subscribe = (fn: () => void): (() => void) => {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  };

  #changed(): void {
    for (const fn of this.#listeners) fn();
  }

  /** The message's decryption for exactly this ciphertext, or undefined when it has not been asked for. */
  peek(id: string, ciphertext: string | null | undefined): Decrypted | undefined {
    const e = this.#entries.get(id);
    return e && e.ciphertext === ciphertext ? e.value : undefined;
  }

  /**
   * The entry of a message id, whatever its ciphertext now (a reply's quote, the text an edit starts from). The
   * same object until it changes, so it can be a useSyncExternalStore snapshot.
   */
  latest(id: string): Readonly<Entry> | undefined {
    return this.#entries.get(id);
  }

  /** Asks the worker for a message unless this ciphertext was asked for already. */
  request(m: EncryptedMessage): void {
    const ciphertext = m.ciphertext;
    if (!ciphertext || this.peek(m.id, ciphertext)) return;
    const entry: Entry = {
      roomId: m.roomId,
      ciphertext,
      senderNickname: m.sender?.nickname ?? null,
      value: { status: 'pending' },
    };
    this.#entries.delete(m.id);
    this.#entries.set(m.id, entry);
    this.#trim();
    this.#changed();
    this.#open({ ...m, ciphertext }).then(
      (opened) =>
        this.#settle(m.id, entry, { status: 'ok', content: opened.content, senderUid: opened.sender.uid }),
      (err: unknown) => this.#settle(m.id, entry, { status: 'failed', code: failureCode(err) }),
    );
  }

  /**
   * Asks for a message (unless it was asked for already) and resolves with its decryption once the worker
   * answered: a message that arrives while its room is not open (its mentions, E2E-57). One whose entry went
   * (an edit replaced it, or the cache dropped it) resolves as failed, `device.superseded`.
   */
  settled(m: EncryptedMessage): Promise<Decrypted> {
    const ciphertext = m.ciphertext;
    if (!ciphertext) return Promise.resolve({ status: 'failed', code: 'e2e.malformed' });
    this.request(m);
    return new Promise((resolve) => {
      const done = (): boolean => {
        const value = this.peek(m.id, ciphertext);
        if (value?.status === 'pending') return false;
        resolve(value ?? { status: 'failed', code: 'device.superseded' });
        return true;
      };
      if (done()) return;
      const off = this.subscribe(() => {
        if (done()) off();
      });
    });
  }

  #settle(id: string, entry: Entry, value: Decrypted): void {
    // An edit may have replaced the entry meanwhile: this answer is for the old ciphertext.
    if (this.#entries.get(id) !== entry) return;
    this.#entries.set(id, { ...entry, value });
    this.#changed();
  }

  #trim(): void {
    while (this.#entries.size > this.#limit) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) return;
      this.#entries.delete(oldest);
    }
  }

  /**
   * Forgets failures so they are asked again: of one room (this device was just added to it, or caught up), or
   * the ones that came from the device's state rather than the message (it is ready now).
   */
  retryFailed(roomId?: string): void {
    let any = false;
    for (const [id, e] of this.#entries) {
      if (e.value.status !== 'failed') continue;
      if (roomId === undefined ? TRANSIENT.test(e.value.code) : e.roomId === roomId) {
        this.#entries.delete(id);
        any = true;
      }
    }
    if (any) this.#changed();
  }

  /** Forgets everything (logout). */
  clear(): void {
    this.#entries.clear();
    this.#changed();
  }
}

/** The failure code of a rejected open. */
function failureCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'device.internal';
}
