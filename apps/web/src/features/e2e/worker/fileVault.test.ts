import { randomUUID } from 'node:crypto';
import { FILE_CHUNK_SIZE, type E2eTransport } from '@messenger/e2e-crypto';
import { describe, expect, it } from 'vitest';
import { FileVault } from './fileVault.ts';

const text = (s: string) => new TextEncoder().encode(s);

/** Seals a file, "uploads" it under server ids and attaches it to a message: what a send does. */
async function sent(vault: FileVault, data: Uint8Array, thumb = false) {
  const up = await vault.prepare(
    { data, name: 'notes.txt', mime: 'text/plain' },
    thumb ? { data: text('thumb'), width: 4, height: 3 } : null,
  );
  const fileId = randomUUID();
  const thumbId = thumb ? randomUUID() : null;
  vault.uploaded(up.handle, fileId, thumbId);
  const msgId = randomUUID();
  const [attachment] = vault.attach(msgId, [up.handle]);
  return { up, fileId, thumbId, msgId, attachment: attachment! };
}

describe('the worker keeps file keys (E2E-75, E2E-76)', () => {
  it('a sealed file decrypts to its bytes, across chunks; the blob holds none of them in clear', async () => {
    const vault = new FileVault();
    const data = new Uint8Array(FILE_CHUNK_SIZE + 100).fill(7);
    data.set(text('MARKER-in-the-file'), 10);
    const { up, fileId, msgId, attachment } = await sent(vault, data);
    expect(up.blob.length).toBe(data.length + 2 * 16);
    expect(Buffer.from(up.blob).includes('MARKER-in-the-file')).toBe(false);
    expect(attachment).toMatchObject({ fileId, name: 'notes.txt', mime: 'text/plain', size: data.length });
    expect(await vault.decrypt(msgId, fileId, up.blob)).toEqual(data);
  });

  it('another device that opened the message decrypts it with the keys from the content', async () => {
    const { up, fileId, thumbId, msgId, attachment } = await sent(new FileVault(), text('hello'), true);
    const reader = new FileVault();
    await expect(reader.decrypt(msgId, fileId, up.blob)).rejects.toMatchObject({
      code: 'e2e.missing_epoch_key',
    });
    reader.remember(msgId, [attachment]);
    expect(new TextDecoder().decode(await reader.decrypt(msgId, fileId, up.blob))).toBe('hello');
    expect(new TextDecoder().decode(await reader.decrypt(msgId, thumbId!, up.thumbBlob!))).toBe('thumb');
    // An edit of the message seals the same attachments again (the page never had their keys).
    expect(reader.attachmentsOf(msgId)).toEqual([attachment]);
    expect(reader.attachmentsOf('another')).toEqual([]);
  });

  it('an altered, cut or swapped blob, or one whose hash differs from the message, is e2e.file_corrupt', async () => {
    const vault = new FileVault();
    const { up, fileId, msgId, attachment } = await sent(vault, text('the real file'));
    const flipped = up.blob.slice();
    flipped[3]! ^= 1;
    await expect(vault.decrypt(msgId, fileId, flipped)).rejects.toMatchObject({ code: 'e2e.file_corrupt' });
    await expect(vault.decrypt(msgId, fileId, up.blob.subarray(0, 10))).rejects.toMatchObject({
      code: 'e2e.file_corrupt',
    });
    const other = await sent(vault, text('another file'));
    await expect(vault.decrypt(msgId, fileId, other.up.blob)).rejects.toMatchObject({
      code: 'e2e.file_corrupt',
    });
    // Same key and blob, but the message names another hash: refused too.
    const liar = new FileVault();
    liar.remember(msgId, [{ ...attachment, sha256: other.attachment.sha256 }]);
    await expect(liar.decrypt(msgId, fileId, up.blob)).rejects.toMatchObject({ code: 'e2e.file_corrupt' });
  });

  it("a message's send claims its blobs, thumbnails included, and only that send (E2E-72)", async () => {
    const vault = new FileVault();
    const bodies: unknown[] = [];
    const inner = {
      sendCiphertext: async (_roomId: string, body: { id: string }) => {
        bodies.push(body);
        return { id: body.id };
      },
    } as unknown as E2eTransport;
    const transport = vault.transport(inner);
    const { fileId, thumbId, msgId, up } = await sent(vault, text('x'), true);
    const base = { epoch: 1, deviceId: 'd', ciphertext: 'c' };
    await transport.sendCiphertext('r', { id: msgId, ...base });
    await transport.sendCiphertext('r', { id: randomUUID(), ...base });
    expect(bodies[0]).toMatchObject({ id: msgId, fileIds: [fileId, thumbId] });
    expect(bodies[1]).not.toHaveProperty('fileIds');
    // A failed send keeps the file for another try; a sent one is gone.
    vault.settle(msgId, [up.handle], false);
    expect(() => vault.attach(randomUUID(), [up.handle])).not.toThrow();
    vault.settle(msgId, [up.handle], true);
    expect(() => vault.attach(randomUUID(), [up.handle])).toThrow();
  });
});
