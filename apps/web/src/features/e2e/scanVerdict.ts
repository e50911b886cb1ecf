/** The length of a safety number QR payload: base64url of 65 bytes (SPEC E2E-81). */
const QR_PAYLOAD_LENGTH = 87;

/**
 * What a scanned safety number QR code says against the one this device shows (E2E-81): the same payload is
 * a match (both devices hold the same two master keys); another payload of our shape is a mismatch (someone
 * holds a different key); anything else is not a safety number code at all (a camera reading another QR).
 */
export function scannedVerdict(scanned: string, mine: string): 'match' | 'mismatch' | 'not-ours' {
  const text = scanned.trim();
  if (text === mine) return 'match';
  return /^[A-Za-z0-9_-]+$/.test(text) && text.length === QR_PAYLOAD_LENGTH ? 'mismatch' : 'not-ours';
}
