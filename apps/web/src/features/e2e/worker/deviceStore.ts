/**
 * This browser's E2E device in IndexedDB, one database per user (`messenger-e2e-<uid>`): the device-local key
 * (a non-extractable CryptoKey, stored by structured clone) and the session state sealed under it. Never
 * localStorage (design e2e.md 5.7).
 */

const STORE = 'device';

/**
 * The records: the device-local key, the sealed session state, the sealed verified marks (E2E-82), the sealed
 * search index of encrypted rooms (E2E-93).
 */
type StoreKey = 'dlk' | 'state' | 'verified' | 'search';

/** The database and Web Lock name of one user's device in this browser profile. */
export function deviceName(uid: string): string {
  return `messenger-e2e-${uid}`;
}

function promised<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** One open device database. */
export class DeviceStore {
  readonly #db: IDBDatabase;

  private constructor(db: IDBDatabase) {
    this.#db = db;
    // Another tab deleting the database (its logout) must not wait for this one: close and let it go.
    db.onversionchange = () => db.close();
  }

  static open(uid: string): Promise<DeviceStore> {
    const req = indexedDB.open(deviceName(uid), 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
    };
    return promised(req).then((db) => new DeviceStore(db));
  }

  get<T>(key: StoreKey): Promise<T | undefined> {
    const tx = this.#db.transaction(STORE, 'readonly');
    return promised(tx.objectStore(STORE).get(key)) as Promise<T | undefined>;
  }

  /** Stores a value; resolves once the transaction is committed. */
  put(key: StoreKey, value: CryptoKey | Uint8Array): Promise<void> {
    const tx = this.#db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(value, key);
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
    });
  }

  close(): void {
    this.#db.close();
  }
}

/** Deletes one user's device database (logout wipes the device). */
export function deleteDeviceDb(uid: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(deviceName(uid));
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error ?? new Error('IndexedDB delete failed'));
  });
}
