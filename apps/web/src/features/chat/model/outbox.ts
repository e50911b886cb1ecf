import type { PendingMessage } from './timeline.ts';

/** Minimal storage interface (localStorage in the browser, a Map in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const OUTBOX_KEY = 'mx.outbox';
const DRAFT_PREFIX = 'mx.draft.';

/**
 * Messages written but not yet confirmed by the server, kept across reloads. Entries keep their client-chosen
 * id, so re-sending after a reload can never store a message twice (MSG-1).
 */
export class Outbox {
  private readonly storage: KeyValueStorage;

  constructor(storage: KeyValueStorage) {
    this.storage = storage;
  }

  /** Every entry, oldest first. */
  all(): PendingMessage[] {
    try {
      const parsed: unknown = JSON.parse(this.storage.getItem(OUTBOX_KEY) ?? '[]');
      return Array.isArray(parsed) ? (parsed as PendingMessage[]) : [];
    } catch {
      return [];
    }
  }

  /** Entries of one room. */
  forRoom(roomId: string): PendingMessage[] {
    return this.all().filter((p) => p.roomId === roomId);
  }

  private save(list: PendingMessage[]): void {
    if (list.length === 0) this.storage.removeItem(OUTBOX_KEY);
    else this.storage.setItem(OUTBOX_KEY, JSON.stringify(list));
  }

  add(entry: PendingMessage): void {
    this.save([...this.all().filter((p) => p.id !== entry.id), entry]);
  }

  update(id: string, change: Partial<PendingMessage>): void {
    this.save(this.all().map((p) => (p.id === id ? { ...p, ...change } : p)));
  }

  remove(id: string): void {
    this.save(this.all().filter((p) => p.id !== id));
  }
}

/** Unsent text per room, kept across reloads. */
export class Drafts {
  private readonly storage: KeyValueStorage;

  constructor(storage: KeyValueStorage) {
    this.storage = storage;
  }

  get(roomId: string): string {
    return this.storage.getItem(DRAFT_PREFIX + roomId) ?? '';
  }

  set(roomId: string, text: string): void {
    if (text.trim() === '') this.storage.removeItem(DRAFT_PREFIX + roomId);
    else this.storage.setItem(DRAFT_PREFIX + roomId, text);
  }
}
