import { encodeLinkQr, generateLinkKeyPair, generateLinkSecret, decodeLinkQr } from '@messenger/e2e-crypto';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { decodeQrFrame } from './qrDecode.ts';

/** RGBA pixels of a QR code as QrCode.tsx draws it: black modules on white, a 4-module quiet zone, `scale` px each. */
function render(text: string, scale: number): { data: Uint8ClampedArray; size: number } {
  const code = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = code.modules.size;
  const size = (n + 8) * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const mx = Math.floor(x / scale) - 4;
      const my = Math.floor(y / scale) - 4;
      if (mx >= 0 && my >= 0 && mx < n && my < n && code.modules.get(my, mx)) {
        const at = (y * size + x) * 4;
        data[at] = data[at + 1] = data[at + 2] = 0;
      }
    }
  return { data, size };
}

describe('QR scanning of a device link', () => {
  it('E2E-101: the scanner reads back the link payload the new device shows', async () => {
    const keys = await generateLinkKeyPair();
    const text = encodeLinkQr({
      uid: '01999999-aaaa-7bbb-8ccc-dddddddddddd',
      linkId: 'lnk_01999999-aaaa-7bbb-8ccc-eeeeeeeeeeee',
      publicKey: keys.publicKey,
      secret: generateLinkSecret(),
    });
    const { data, size } = render(text, 4);
    const read = decodeQrFrame(data, size, size);
    expect(read).toBe(text);
    expect(decodeLinkQr(read!).publicKey).toEqual(keys.publicKey);
  });

  it('E2E-101: a frame without a code reads as nothing', () => {
    expect(decodeQrFrame(new Uint8ClampedArray(64 * 64 * 4).fill(255), 64, 64)).toBeNull();
  });
});
