/**
 * Recovery (design 5.6, SPEC E2E-60..E2E-62): a generated 256-bit recovery key (RK) the person writes down,
 * the secret store it opens (the master key seed and the backup key, one blob per user on the server), and
 * history entries sealed under the backup key (BK), one per room and epoch. All of it is symmetric, so the
 * server, which stores the blobs, can neither read them nor write entries a client would accept; each AAD
 * names the user, and for history the room, group and epoch, so a blob cannot be moved to another of them.
 */
import { concat, lp, u64, utf8 } from './bytes.ts';
import { aesGcmOpen, aesGcmSeal, hkdfSha256 } from './aead.ts';
import { E2eCryptoError } from './errors.ts';
import { LABELS } from './labels.ts';
import type { RandomSource } from './random.ts';
import { secureRandom } from './random.ts';
import type { EpochKeys } from './session-state.ts';
import { StateReader, StateWriter } from './state-codec.ts';

/** Crockford's base32 alphabet: no I, L, O or U, so the key reads aloud and copies by hand without doubt. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 256 bits in 5-bit symbols (the last 4 bits are zero). */
const DATA_SYMBOLS = 52;
/** The checksum is a weighted sum modulo this prime (below 32², so it fits two symbols). */
const CHECK_PRIME = 1021;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes of the recovery key and of the backup key. */
export const RECOVERY_KEY_BYTES = 32;

/**
 * Σ (i+1)·symbol_i mod 1021. Every single mistyped symbol and every swap of two neighbours changes it: the
 * change is a product (or difference) of numbers below the prime, never a multiple of it.
 */
function checksum(symbols: number[]): number {
  let sum = 0;
  for (let i = 0; i < symbols.length; i++) sum = (sum + (i + 1) * symbols[i]!) % CHECK_PRIME;
  return sum;
}

/** A fresh recovery key (32 random bytes). */
export function generateRecoveryKey(random: RandomSource = secureRandom): Uint8Array {
  return random(RECOVERY_KEY_BYTES);
}

/**
 * The text a person keeps: 52 base32 symbols of the key and 2 of checksum, in groups of 4 separated by spaces
 * (the last group has 2), e.g. `7Q2M K0ZD … 4F`.
 */
export function formatRecoveryKey(key: Uint8Array): string {
  if (key.length !== RECOVERY_KEY_BYTES) throw new RangeError('a recovery key is 32 bytes');
  const symbols: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const byte of key) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      symbols.push((acc >> bits) & 31);
    }
    acc &= (1 << bits) - 1;
  }
  symbols.push((acc << (5 - bits)) & 31);
  const check = checksum(symbols);
  symbols.push(check >> 5, check & 31);
  const text = symbols.map((s) => ALPHABET[s]).join('');
  return text.match(/.{1,4}/g)!.join(' ');
}

/**
 * The key from what a person typed: case, spaces and dashes do not matter, and O, I and L read as 0, 1 and 1
 * (Crockford). A wrong length, a symbol outside the alphabet or a checksum that does not match is
 * `e2e.recovery_key_invalid`, before any server call.
 */
export function parseRecoveryKey(text: string): Uint8Array {
  const fail = (why: string) => new E2eCryptoError('e2e.recovery_key_invalid', why);
  const clean = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (clean.length !== DATA_SYMBOLS + 2) throw fail(`${clean.length} symbols, ${DATA_SYMBOLS + 2} expected`);
  const symbols = [...clean].map((c) => ALPHABET.indexOf(c));
  if (symbols.some((s) => s < 0)) throw fail('a symbol outside the alphabet');
  const data = symbols.slice(0, DATA_SYMBOLS);
  const check = symbols[DATA_SYMBOLS]! * 32 + symbols[DATA_SYMBOLS + 1]!;
  if (check !== checksum(data)) throw fail('checksum');
  // The last symbol carries 1 bit of key and 4 zero bits; anything else is a typo the checksum let by.
  if ((data[DATA_SYMBOLS - 1]! & 15) !== 0) throw fail('padding');
  const out = new Uint8Array(RECOVERY_KEY_BYTES);
  let acc = 0;
  let bits = 0;
  let at = 0;
  for (const s of data) {
    acc = (acc << 5) | s;
    bits += 5;
    if (bits >= 8 && at < RECOVERY_KEY_BYTES) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/** SSK = HKDF-SHA256(RK, salt "im.messenger ssk v1", info uid): the key of `uid`'s secret store. */
export function secretStoreKey(recoveryKey: Uint8Array, uid: string): Promise<Uint8Array> {
  return hkdfSha256(recoveryKey, utf8(LABELS.secretStoreKey), utf8(uid), 32);
}

/** What the secret store holds. */
export interface SecretStoreContent {
  /** The master signing key's 32-byte seed. */
  mskSeed: Uint8Array;
  /** The backup key of history entries (32 bytes). */
  backupKey: Uint8Array;
  /** When it was sealed, ms since the epoch (informational). */
  created: number;
}

const secretStoreAad = (uid: string, version: number) =>
  concat(utf8(LABELS.secretStore), lp(utf8(uid)), u64(version));

/**
 * iv ‖ AES-256-GCM(SSK, iv, magic 'E2SS' v1 ‖ msk seed ‖ bk ‖ created, AAD = label ‖ lp(uid) ‖ u64(version)).
 * `version` is the one the server will hold it under (a PUT from version v stores v + 1).
 */
export async function sealSecretStore(
  ssk: Uint8Array,
  uid: string,
  version: number,
  content: SecretStoreContent,
  random: RandomSource = secureRandom,
): Promise<Uint8Array> {
  const plain = new StateWriter()
    .header('E2SS', 1)
    .bytes(content.mskSeed)
    .bytes(content.backupKey)
    .u64(content.created)
    .finish();
  const iv = random(IV_BYTES);
  return concat(iv, await aesGcmSeal(ssk, iv, secretStoreAad(uid, version), plain));
}

/**
 * The content of a secret store. A wrong recovery key, or a blob of another user or version, does not
 * authenticate: `e2e.recovery_key_wrong` (the two cannot be told apart, and the person's remedy is the same).
 */
export async function openSecretStore(
  ssk: Uint8Array,
  uid: string,
  version: number,
  blob: Uint8Array,
): Promise<SecretStoreContent> {
  if (blob.length < IV_BYTES + TAG_BYTES) throw new E2eCryptoError('e2e.malformed', 'secret store too short');
  const plain = await aesGcmOpen(
    ssk,
    blob.subarray(0, IV_BYTES),
    secretStoreAad(uid, version),
    blob.subarray(IV_BYTES),
  );
  if (!plain) throw new E2eCryptoError('e2e.recovery_key_wrong', 'secret store does not open');
  const r = new StateReader(plain, 'secret store');
  r.header('E2SS', 1);
  const content = { mskSeed: r.bytes(32), backupKey: r.bytes(32), created: r.u64() };
  r.end();
  return content;
}

/** Where a history entry belongs: what its AAD binds. */
export interface HistoryEntryContext {
  uid: string;
  roomId: string;
  /** The room's MLS group id. */
  groupId: Uint8Array;
  epoch: number;
}

const historyAad = (c: HistoryEntryContext) =>
  concat(utf8(LABELS.history), lp(utf8(c.uid)), lp(utf8(c.roomId)), lp(c.groupId), u64(c.epoch));

/**
 * iv ‖ AES-256-GCM(BK, iv, magic 'E2HK' v1 ‖ content key ‖ senders, AAD = label ‖ lp(uid) ‖ lp(roomId) ‖
 * lp(gid) ‖ u64(epoch)): one epoch's keys, as the device that was in it remembers them.
 */
export async function sealHistoryEntry(
  backupKey: Uint8Array,
  context: HistoryEntryContext,
  keys: EpochKeys,
  random: RandomSource = secureRandom,
): Promise<Uint8Array> {
  const plain = new StateWriter()
    .header('E2HK', 1)
    .bytes(keys.contentKey)
    .list(keys.senders, (w, [sender, dskPub]) => w.str(sender).bytes(dskPub))
    .finish();
  const iv = random(IV_BYTES);
  return concat(iv, await aesGcmSeal(backupKey, iv, historyAad(context), plain));
}

/**
 * The epoch keys of a history entry. An entry that does not authenticate under this backup key for exactly
 * this user, room, group and epoch (a server's own entry, or one moved from elsewhere) is
 * `e2e.backup_entry_rejected`, and nothing of it is used.
 */
export async function openHistoryEntry(
  backupKey: Uint8Array,
  context: HistoryEntryContext,
  blob: Uint8Array,
): Promise<EpochKeys> {
  const fail = (why: string) => new E2eCryptoError('e2e.backup_entry_rejected', why);
  if (blob.length < IV_BYTES + TAG_BYTES) throw fail('too short');
  const plain = await aesGcmOpen(
    backupKey,
    blob.subarray(0, IV_BYTES),
    historyAad(context),
    blob.subarray(IV_BYTES),
  );
  if (!plain) throw fail(`room ${context.roomId} epoch ${context.epoch} does not open`);
  const r = new StateReader(plain, 'history entry');
  r.header('E2HK', 1);
  const contentKey = r.bytes(32);
  const senders = new Map<string, Uint8Array>();
  r.list((r) => senders.set(r.str(), r.bytes()));
  r.end();
  return { contentKey, senders };
}
