import { describe, expect, test } from 'vitest';
import { counting } from './test-fixtures.ts';
import { E2eCryptoError } from './errors.ts';
import { decodeEnvelope, encodeEnvelope } from './envelope.ts';

describe('the envelope on the wire (decision 0007)', () => {
  const envelope = { hdr: counting(40, 1), sig: counting(64, 100), ct: counting(300, 7) };

  test('E2E-36: the envelope travels as u32(len hdr) ‖ hdr ‖ sig ‖ ct and decodes to the same three parts', () => {
    const bytes = encodeEnvelope(envelope);
    expect(bytes.length).toBe(4 + 40 + 64 + 300);
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 0, 40]);
    expect(decodeEnvelope(bytes)).toEqual(envelope);
  });

  test('E2E-36: bytes that do not add up are e2e.malformed, never a partial envelope', () => {
    const bytes = encodeEnvelope(envelope);
    for (const bad of [
      new Uint8Array(0),
      bytes.subarray(0, 4 + 40 + 63),
      Uint8Array.from([0xff, 0xff, 0xff, 0xff, ...bytes.subarray(4)]),
    ]) {
      expect(() => decodeEnvelope(bad)).toThrow(E2eCryptoError);
      try {
        decodeEnvelope(bad);
      } catch (error) {
        expect((error as E2eCryptoError).code).toBe('e2e.malformed');
      }
    }
  });
});
