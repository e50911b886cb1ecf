import {
  decryptFile,
  E2eCryptoError,
  encryptFile,
  fromB64url,
  generateFileKey,
  splitSealedFile,
  toB64url,
  type E2eTransport,
} from '@messenger/e2e-crypto';
import type { SealedAttachment } from '../attachments.ts';

/** A file this device sealed, waiting for its upload and then for the message that carries it. */
interface Prepared {
  attachment: Omit<SealedAttachment, 'fileId' | 'thumb'> & { fileId: string | null };
  thumb: { sid: string; key: string; width: number; height: number; fileId: string | null } | null;
}

/** What the page gets back from sealing a file: a handle for the send, and the bytes to upload. */
export interface SealedUpload {
  handle: string;
  blob: Uint8Array;
  thumbBlob: Uint8Array | null;
}

const randomId = (): string => toB64url(crypto.getRandomValues(new Uint8Array(16)));

async function sha256(data: Uint8Array): Promise<string> {
  return toB64url(new Uint8Array(await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>)));
}

/** Sealed chunks back to back: the blob the server stores. */
function joined(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The worker's keys of encrypted attachments (SPEC E2E-75, E2E-76): each file is sealed here under a fresh
 * key (1 MiB STREAM chunks, design 5.5) and its key put in the message's content; the keys of messages opened
 * here are kept to decrypt their files on request. The page gets sealed bytes to upload and decrypted bytes
 * to show, never a key. Held in memory only: a reload opens the messages again, which brings the keys back.
 */
export class FileVault {
  readonly #prepared = new Map<string, Prepared>();
  /** `${msgId}|${fileId}` to the sealed description of that blob (a file or a thumbnail). */
  readonly #keys = new Map<string, { key: string; sid: string; sha256: string | null }>();
  /** Message id to its attachments as opened here: an edit (which cannot change them) seals them again. */
  readonly #byMessage = new Map<string, SealedAttachment[]>();
  /** Message id to the blob ids its send must claim (read by the transport, E2E-72). */
  readonly #claims = new Map<string, string[]>();

  /** Seals a file (and the thumbnail the page made of it) under fresh keys. */
  async prepare(
    file: { data: Uint8Array; name: string; mime: string },
    thumb: { data: Uint8Array; width: number; height: number } | null,
  ): Promise<SealedUpload> {
    const key = generateFileKey();
    const sid = randomId();
    const blob = joined(await encryptFile(key, sid, file.data));
    let sealedThumb: Prepared['thumb'] = null;
    let thumbBlob: Uint8Array | null = null;
    if (thumb) {
      const tKey = generateFileKey();
      const tSid = randomId();
      thumbBlob = joined(await encryptFile(tKey, tSid, thumb.data));
      sealedThumb = {
        sid: tSid,
        key: toB64url(tKey),
        width: thumb.width,
        height: thumb.height,
        fileId: null,
      };
    }
    const handle = randomId();
    this.#prepared.set(handle, {
      attachment: {
        fileId: null,
        sid,
        name: file.name,
        mime: file.mime,
        size: file.data.length,
        sha256: await sha256(file.data),
        key: toB64url(key),
      },
      thumb: sealedThumb,
    });
    return { handle, blob, thumbBlob };
  }

  /** Records the server's ids of a prepared file's blobs once they are uploaded. */
  uploaded(handle: string, fileId: string, thumbFileId: string | null): void {
    const p = this.#prepared.get(handle);
    if (!p) throw new E2eCryptoError('e2e.malformed', 'unknown file');
    p.attachment.fileId = fileId;
    if (p.thumb) p.thumb.fileId = thumbFileId;
  }

  /** Forgets a prepared file (removed from the tray). */
  discard(handle: string): void {
    this.#prepared.delete(handle);
  }

  /**
   * The attachments of a message about to be sent, and the blobs its send claims; the prepared files are
   * kept until `sent` (a failed send may be tried again).
   */
  attach(msgId: string, handles: string[]): SealedAttachment[] {
    const out: SealedAttachment[] = [];
    for (const h of handles) {
      const p = this.#prepared.get(h);
      if (!p || !p.attachment.fileId) throw new E2eCryptoError('e2e.malformed', 'file not uploaded');
      const thumb = p.thumb?.fileId ? { ...p.thumb, fileId: p.thumb.fileId } : undefined;
      out.push({ ...p.attachment, fileId: p.attachment.fileId, ...(thumb ? { thumb } : {}) });
    }
    this.#claims.set(
      msgId,
      out.flatMap((a) => [a.fileId, ...(a.thumb ? [a.thumb.fileId] : [])]),
    );
    this.remember(msgId, out);
    return out;
  }

  /** After a send (sent or not): the claim goes; sent files leave the prepared list. */
  settle(msgId: string, handles: string[], sent: boolean): void {
    this.#claims.delete(msgId);
    if (sent) for (const h of handles) this.#prepared.delete(h);
  }

  /** Keeps the keys of an opened message's attachments, to decrypt its files when the page asks. */
  remember(msgId: string, attachments: SealedAttachment[]): void {
    this.#byMessage.set(msgId, attachments);
    for (const a of attachments) {
      this.#keys.set(`${msgId}|${a.fileId}`, { key: a.key, sid: a.sid, sha256: a.sha256 });
      if (a.thumb)
        this.#keys.set(`${msgId}|${a.thumb.fileId}`, { key: a.thumb.key, sid: a.thumb.sid, sha256: null });
    }
  }

  /** The attachments of a message opened or sent here (none when it had none or was never opened here). */
  attachmentsOf(msgId: string): SealedAttachment[] {
    return this.#byMessage.get(msgId) ?? [];
  }

  /**
   * Decrypts a blob of a message opened here; `e2e.file_corrupt` when it was altered, cut short, reordered or
   * is not the file the message names (its hash differs).
   */
  async decrypt(msgId: string, fileId: string, blob: Uint8Array): Promise<Uint8Array> {
    const k = this.#keys.get(`${msgId}|${fileId}`);
    if (!k) throw new E2eCryptoError('e2e.missing_epoch_key', 'file of a message not opened here');
    const plain = await decryptFile(fromB64url(k.key), k.sid, splitSealedFile(blob));
    if (k.sha256 !== null && (await sha256(plain)) !== k.sha256)
      throw new E2eCryptoError('e2e.file_corrupt', 'hash differs');
    return plain;
  }

  /** The transport with each message's blobs added to its send (E2E-72); everything else as it was. */
  transport(inner: E2eTransport): E2eTransport {
    return {
      ...inner,
      sendCiphertext: (roomId, body) => {
        const fileIds = this.#claims.get(body.id);
        // The session's body type has no `fileIds`: it is added here, beside the envelope it does not touch.
        return inner.sendCiphertext(roomId, fileIds?.length ? ({ ...body, fileIds } as typeof body) : body);
      },
    };
  }
}
