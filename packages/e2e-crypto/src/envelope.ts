/**
 * The message envelope of design 5.4: a signed UTF-8 JSON header, an AES-256-GCM ciphertext under a
 * per-message key derived from the epoch's content key E, and an Ed25519 signature by the sender's device key.
 */
import { aesGcmOpen, aesGcmSeal, hkdfSha256 } from './aead.ts';
import { bytesEqual, concat, fromB64url, fromUtf8, lp, toB64url, u32, u64, utf8 } from './bytes.ts';
import { ed25519Sign, ed25519Verify } from './ed25519.ts';
import { E2eCryptoError } from './errors.ts';
import { CONTENT_SUITE, ENVELOPE_VERSION, LABELS } from './labels.ts';
import type { RandomSource } from './random.ts';
import { secureRandom } from './random.ts';

/** Plaintext is padded to a multiple of this many bytes, so sizes leak only coarsely. */
export const PAD_BLOCK = 256;
const SALT_BYTES = 16;
const IV_BYTES = 12;

/** The header as sent (hdr is its exact UTF-8 JSON bytes; the server reads it, never changes it). */
export interface EnvelopeHeader {
  /** Envelope format version (1). */
  v: number;
  /** Content suite id (1). */
  cs: number;
  /** Room id. */
  room: string;
  /** MLS group id, base64url. */
  gid: string;
  /** MLS epoch whose content key encrypted this message. */
  epoch: number;
  /** Sending user and device. */
  sender: { uid: string; did: string };
  /** Message id chosen by the client (UUIDv7). */
  msgId: string;
  /** Client timestamp, ms since the epoch (informational; the server's sequence orders). */
  ts: number;
  /** HKDF salt, base64url of 16 bytes. */
  salt: string;
  /** AES-GCM IV, base64url of 12 bytes. */
  iv: string;
}

/** What travels on the wire (binary, no base64). */
export interface Envelope {
  /** UTF-8 JSON of EnvelopeHeader, signed exactly as sent. */
  hdr: Uint8Array;
  /** AES-256-GCM ciphertext ‖ 16-byte tag. */
  ct: Uint8Array;
  /** 64-byte Ed25519 signature over label ‖ u32(len hdr) ‖ hdr ‖ ct. */
  sig: Uint8Array;
}

/** The decrypted content: a JSON object with a `type` (text, file, edit, reaction, redaction, system). */
export interface MessageContent {
  /** Kind of event. */
  type: string;
  [field: string]: unknown;
}

/** Inputs of sealEnvelope. */
export interface SealInput {
  /** The epoch's content key E (32 bytes from the MLS exporter). */
  contentKey: Uint8Array;
  roomId: string;
  groupId: Uint8Array;
  epoch: number;
  sender: { uid: string; did: string };
  /** The sending device's Ed25519 seed (its DSK, which is also its MLS leaf signature key). */
  signingSeed: Uint8Array;
  msgId: string;
  ts: number;
  content: MessageContent;
  /** Only tests pass this (fixed salt and IV for known answers). */
  random?: RandomSource;
}

/** What the receiver knows: the conversation it expects and where keys come from. */
export interface OpenContext {
  roomId: string;
  groupId: Uint8Array;
  /**
   * For a live message (not history): the group's current epoch, which the header must name. The server
   * refuses stale epochs (design 5.3); this is the client's own check against a server that does not.
   */
  liveEpoch?: number;
  /** The content key of an epoch, if this device has it (live or from backup). */
  contentKeyFor: (epoch: number) => Uint8Array | undefined | Promise<Uint8Array | undefined>;
  /** The device signing key of (uid, did), already validated against the user's pinned master key. */
  senderKeyFor: (uid: string, did: string) => Uint8Array | undefined | Promise<Uint8Array | undefined>;
}

/** K = HKDF-SHA256(ikm = E, salt, info = label ‖ lp(roomId) ‖ u64(epoch) ‖ lp(msgId)). */
export async function deriveMessageKey(
  contentKey: Uint8Array,
  salt: Uint8Array,
  roomId: string,
  epoch: number,
  msgId: string,
): Promise<Uint8Array> {
  if (contentKey.length !== 32) throw new RangeError('content key must be 32 bytes');
  const info = concat(utf8(LABELS.message), lp(utf8(roomId)), u64(epoch), lp(utf8(msgId)));
  return hkdfSha256(contentKey, salt, info, 32);
}

/** The bytes the device signs: label ‖ u32(len hdr) ‖ hdr ‖ ct. */
export function signatureInput(hdr: Uint8Array, ct: Uint8Array): Uint8Array {
  return concat(utf8(LABELS.signature), u32(hdr.length), hdr, ct);
}

/** UTF-8 JSON padded with spaces (still valid JSON) to a multiple of PAD_BLOCK bytes. */
export function padContent(content: MessageContent): Uint8Array {
  const json = utf8(JSON.stringify(content));
  const padded = new Uint8Array(Math.max(PAD_BLOCK, Math.ceil(json.length / PAD_BLOCK) * PAD_BLOCK)).fill(
    0x20,
  );
  padded.set(json);
  return padded;
}

/** Encrypts and signs one message. */
export async function sealEnvelope(input: SealInput): Promise<Envelope> {
  const random = input.random ?? secureRandom;
  const salt = random(SALT_BYTES);
  const iv = random(IV_BYTES);
  const header: EnvelopeHeader = {
    v: ENVELOPE_VERSION,
    cs: CONTENT_SUITE,
    room: input.roomId,
    gid: toB64url(input.groupId),
    epoch: input.epoch,
    sender: { uid: input.sender.uid, did: input.sender.did },
    msgId: input.msgId,
    ts: input.ts,
    salt: toB64url(salt),
    iv: toB64url(iv),
  };
  const hdr = utf8(JSON.stringify(header));
  const key = await deriveMessageKey(input.contentKey, salt, input.roomId, input.epoch, input.msgId);
  const ct = await aesGcmSeal(key, iv, hdr, padContent(input.content));
  const sig = await ed25519Sign(input.signingSeed, signatureInput(hdr, ct));
  return { hdr, ct, sig };
}

/** Parses and checks the shape of a header; `e2e.malformed` otherwise. */
export function parseHeader(hdr: Uint8Array): EnvelopeHeader {
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8(hdr));
  } catch {
    throw new E2eCryptoError('e2e.malformed', 'header is not UTF-8 JSON');
  }
  const h = value as Partial<EnvelopeHeader> | null;
  const str = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= 256;
  const ok =
    h !== null &&
    typeof h === 'object' &&
    h.v === ENVELOPE_VERSION &&
    h.cs === CONTENT_SUITE &&
    str(h.room) &&
    str(h.gid) &&
    Number.isSafeInteger(h.epoch) &&
    h.epoch! >= 0 &&
    typeof h.sender === 'object' &&
    h.sender !== null &&
    str(h.sender.uid) &&
    str(h.sender.did) &&
    str(h.msgId) &&
    Number.isSafeInteger(h.ts) &&
    str(h.salt) &&
    str(h.iv);
  if (!ok) throw new E2eCryptoError('e2e.malformed', 'header fields');
  try {
    if (fromB64url(h.salt!).length !== SALT_BYTES || fromB64url(h.iv!).length !== IV_BYTES) throw new Error();
    fromB64url(h.gid!);
  } catch {
    throw new E2eCryptoError('e2e.malformed', 'header salt, iv or gid');
  }
  return h as EnvelopeHeader;
}

/**
 * Verifies and decrypts one message: header shape, sender known, signature, room and group, the epoch of a
 * live message, key of the epoch, AEAD, content JSON. Every failure is an E2eCryptoError with a code from FAILURE_WORDS.
 */
export async function openEnvelope(
  envelope: Envelope,
  context: OpenContext,
): Promise<{ header: EnvelopeHeader; content: MessageContent }> {
  const header = parseHeader(envelope.hdr);
  const dsk = await context.senderKeyFor(header.sender.uid, header.sender.did);
  if (!dsk) throw new E2eCryptoError('e2e.unknown_sender', `${header.sender.uid}/${header.sender.did}`);
  if (!(await ed25519Verify(dsk, signatureInput(envelope.hdr, envelope.ct), envelope.sig))) {
    throw new E2eCryptoError('e2e.bad_signature');
  }
  if (header.room !== context.roomId || !bytesEqual(fromB64url(header.gid), context.groupId)) {
    throw new E2eCryptoError('e2e.context_mismatch', 'room or group');
  }
  if (context.liveEpoch !== undefined && header.epoch !== context.liveEpoch) {
    throw new E2eCryptoError(
      'e2e.epoch_mismatch',
      `live message of epoch ${header.epoch}, group at ${context.liveEpoch}`,
    );
  }
  const contentKey = await context.contentKeyFor(header.epoch);
  if (!contentKey) throw new E2eCryptoError('e2e.missing_epoch_key', `epoch ${header.epoch}`);
  const key = await deriveMessageKey(
    contentKey,
    fromB64url(header.salt),
    header.room,
    header.epoch,
    header.msgId,
  );
  const plain = await aesGcmOpen(key, fromB64url(header.iv), envelope.hdr, envelope.ct);
  if (!plain) throw new E2eCryptoError('e2e.undecryptable', `epoch ${header.epoch}`);
  let content: unknown;
  try {
    content = JSON.parse(fromUtf8(plain));
  } catch {
    throw new E2eCryptoError('e2e.malformed', 'content is not JSON');
  }
  if (
    typeof content !== 'object' ||
    content === null ||
    typeof (content as MessageContent).type !== 'string'
  ) {
    throw new E2eCryptoError('e2e.malformed', 'content has no type');
  }
  return { header, content: content as MessageContent };
}

/**
 * The envelope as one byte string, for transports with one opaque field (decision 0007):
 * u32(len hdr) ‖ hdr ‖ 64-byte signature ‖ ct.
 */
export function encodeEnvelope(envelope: Envelope): Uint8Array {
  return concat(u32(envelope.hdr.length), envelope.hdr, envelope.sig, envelope.ct);
}

/** Parses `encodeEnvelope`'s bytes; `e2e.malformed` if they do not add up. */
export function decodeEnvelope(bytes: Uint8Array): Envelope {
  if (bytes.length < 4 + 64) throw new E2eCryptoError('e2e.malformed', 'envelope too short');
  const len = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  if (bytes.length < 4 + len + 64) throw new E2eCryptoError('e2e.malformed', 'envelope length');
  return {
    hdr: bytes.slice(4, 4 + len),
    sig: bytes.slice(4 + len, 4 + len + 64),
    ct: bytes.slice(4 + len + 64),
  };
}
