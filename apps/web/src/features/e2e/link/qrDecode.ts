import jsQR from 'jsqr';

/**
 * The QR text in one camera frame (RGBA pixels), or null. Frames are not secret: they are decoded on the
 * page, by jsQR (pure JavaScript, bundled: nothing is loaded from the network); the text goes to the worker.
 */
export function decodeQrFrame(data: Uint8ClampedArray, width: number, height: number): string | null {
  return jsQR(data, width, height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}
