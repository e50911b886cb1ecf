/**
 * A strict binary codec for the device state the browser keeps at rest (SPEC E2E-39): big-endian integers,
 * length-prefixed byte strings and UTF-8 strings, a 4-byte magic and a version byte in front. Reading is
 * strict so that a damaged or foreign blob is refused as a whole (`e2e.malformed`) rather than half restored.
 */
import { concat, fromUtf8, u32, u64, u8, utf8 } from './bytes.ts';
import { E2eCryptoError } from './errors.ts';

/** Builds an encoding field by field. */
export class StateWriter {
  readonly #parts: Uint8Array[] = [];

  /** A 4-character magic and a version byte: what the reader checks before anything else. */
  header(magic: string, version: number): this {
    if (magic.length !== 4) throw new RangeError('magic must be 4 ASCII characters');
    this.#parts.push(utf8(magic), u8(version));
    return this;
  }

  u8(value: number): this {
    this.#parts.push(u8(value));
    return this;
  }

  u32(value: number): this {
    this.#parts.push(u32(value));
    return this;
  }

  u64(value: number): this {
    this.#parts.push(u64(value));
    return this;
  }

  bool(value: boolean): this {
    return this.u8(value ? 1 : 0);
  }

  /** u32(len) ‖ bytes. */
  bytes(value: Uint8Array): this {
    this.#parts.push(u32(value.length), value);
    return this;
  }

  /** A UTF-8 string as length-prefixed bytes. */
  str(value: string): this {
    return this.bytes(utf8(value));
  }

  /** u32(count) then each item written by `each`. */
  list<T>(items: Iterable<T>, each: (w: this, item: T) => void): this {
    const all = [...items];
    this.u32(all.length);
    for (const item of all) each(this, item);
    return this;
  }

  finish(): Uint8Array {
    return concat(...this.#parts);
  }
}

/** Reads an encoding; any shortfall, bad value or leftover byte is `e2e.malformed` naming `what`. */
export class StateReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #what: string;
  #at = 0;

  constructor(bytes: Uint8Array, what: string) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#what = what;
  }

  /** An `e2e.malformed` error for this encoding. */
  fail(why: string): E2eCryptoError {
    return new E2eCryptoError('e2e.malformed', `${this.#what}: ${why}`);
  }

  #take(n: number): number {
    if (n > this.#bytes.length - this.#at) throw this.fail('truncated');
    const at = this.#at;
    this.#at += n;
    return at;
  }

  /** Checks the magic and that the version is one this code reads. */
  header(magic: string, version: number): void {
    const at = this.#take(4);
    if (fromUtf8(this.#bytes.subarray(at, at + 4)) !== magic) throw this.fail('not this kind of state');
    const v = this.u8();
    if (v !== version) throw this.fail(`unknown version ${v}`);
  }

  /**
   * Checks the magic and that the version is one of `versions` (a format that grew by appending fields reads
   * its older versions too); returns the version read.
   */
  headerOf(magic: string, versions: readonly number[]): number {
    const at = this.#take(4);
    if (fromUtf8(this.#bytes.subarray(at, at + 4)) !== magic) throw this.fail('not this kind of state');
    const v = this.u8();
    if (!versions.includes(v)) throw this.fail(`unknown version ${v}`);
    return v;
  }

  u8(): number {
    return this.#view.getUint8(this.#take(1));
  }

  u32(): number {
    return this.#view.getUint32(this.#take(4));
  }

  u64(): number {
    const value = this.#view.getBigUint64(this.#take(8));
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw this.fail('integer out of range');
    return Number(value);
  }

  /** A strict boolean: only 0 or 1. */
  bool(): boolean {
    const v = this.u8();
    if (v > 1) throw this.fail('not a boolean');
    return v === 1;
  }

  /** Length-prefixed bytes (a copy); `length` pins the size when the field has one. */
  bytes(length?: number): Uint8Array {
    const n = this.u32();
    if (length !== undefined && n !== length) throw this.fail(`field of ${n} bytes, ${length} expected`);
    const at = this.#take(n);
    return this.#bytes.slice(at, at + n);
  }

  str(): string {
    try {
      return fromUtf8(this.bytes());
    } catch (error) {
      if (error instanceof E2eCryptoError) throw error;
      throw this.fail('not UTF-8');
    }
  }

  /** A u32 count, then that many items read by `each`. A count the rest of the bytes cannot hold fails early. */
  list<T>(each: (r: this) => T): T[] {
    const n = this.u32();
    if (n > this.#bytes.length - this.#at) throw this.fail('count larger than the state');
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(each(this));
    return out;
  }

  /** The encoding must end here: trailing bytes mean it is not the state it claims to be. */
  end(): void {
    if (this.#at !== this.#bytes.length) throw this.fail('trailing bytes');
  }
}
