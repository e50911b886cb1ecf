/**
 * Encrypted attachments as an encrypted message's content carries them (design e2e.md 5.5, SPEC E2E-75): pure
 * shapes and checks shared by the worker and the page. The content inside the envelope holds each file's key;
 * what crosses to the page (`AttachmentView`) never does.
 */

/** A thumbnail of an image, encrypted as its own blob. */
export interface SealedThumb {
  /** The blob's id on the server. */
  fileId: string;
  /** The id sealed into each chunk's associated data (chosen before the upload, when the server id is unknown). */
  sid: string;
  /** The blob's own AES-256 key, base64url. */
  key: string;
  width: number;
  height: number;
}

/** One attachment inside the envelope. */
export interface SealedAttachment {
  fileId: string;
  sid: string;
  /** The file's name as the sender had it. */
  name: string;
  /** The type the sender's browser gave it (only a fixed list of images is ever shown inline). */
  mime: string;
  /** Plaintext bytes. */
  size: number;
  /** SHA-256 of the plaintext, base64url: the decrypted file must match it. */
  sha256: string;
  key: string;
  thumb?: SealedThumb;
}

/** What the page sees of an attachment: everything but the keys. */
export interface AttachmentView {
  fileId: string;
  name: string;
  mime: string;
  size: number;
  thumb?: { fileId: string; width: number; height: number };
}

/** Images a browser decodes without running anything: the only types shown inline (never SVG or HTML). */
const INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** Whether a decrypted file of this type may be shown as an image (else it is only ever downloaded). */
export function isInlineImage(mime: string): boolean {
  return INLINE_IMAGES.has(mime.toLowerCase());
}

/** Longest side of a thumbnail, in pixels. */
export const THUMB_MAX = 320;

/** The size of a thumbnail of a `width` × `height` image: fits in THUMB_MAX, never larger than the image. */
export function thumbSize(width: number, height: number, max = THUMB_MAX): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height, 1));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;
const isStr = (v: unknown, max = 1000): v is string => typeof v === 'string' && v.length <= max;
const isDim = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) > 0 && (v as number) <= 10_000;

function thumbOf(raw: unknown): SealedThumb | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const t = raw as Record<string, unknown>;
  if (!isStr(t.fileId) || !UUID.test(t.fileId) || !isStr(t.sid, 100) || !isStr(t.key, 100)) return undefined;
  if (!B64URL.test(t.key) || !isDim(t.width) || !isDim(t.height)) return undefined;
  return { fileId: t.fileId, sid: t.sid, key: t.key, width: t.width, height: t.height };
}

/**
 * The well-formed attachments of a decrypted content's `attachments` (anything else in it is dropped: a
 * sender's client may be older or newer, and a bad entry must not hide the message's text).
 */
export function parseAttachments(raw: unknown): SealedAttachment[] {
  if (!Array.isArray(raw)) return [];
  const out: SealedAttachment[] = [];
  for (const item of raw.slice(0, 10)) {
    if (!item || typeof item !== 'object') continue;
    const a = item as Record<string, unknown>;
    if (!isStr(a.fileId) || !UUID.test(a.fileId) || !isStr(a.sid, 100) || !isStr(a.key, 100)) continue;
    if (!B64URL.test(a.key) || !isStr(a.name, 500) || !isStr(a.mime, 200) || !isStr(a.sha256, 100)) continue;
    if (!Number.isSafeInteger(a.size) || (a.size as number) < 0) continue;
    const thumb = thumbOf(a.thumb);
    out.push({
      fileId: a.fileId,
      sid: a.sid,
      name: a.name.trim() || 'file',
      mime: a.mime,
      size: a.size as number,
      sha256: a.sha256,
      key: a.key,
      ...(thumb ? { thumb } : {}),
    });
  }
  return out;
}

/** The page's view of an attachment: no key, no stream id, no hash. */
export function viewOf(a: SealedAttachment): AttachmentView {
  return {
    fileId: a.fileId,
    name: a.name,
    mime: a.mime,
    size: a.size,
    ...(a.thumb ? { thumb: { fileId: a.thumb.fileId, width: a.thumb.width, height: a.thumb.height } } : {}),
  };
}
