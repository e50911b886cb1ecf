/**
 * Where random bytes come from. Production code uses WebCrypto's CSPRNG; known-answer tests inject a fixed
 * source so that salts, IVs and keys are reproducible. Nothing but tests should pass a source.
 */
export type RandomSource = (length: number) => Uint8Array;

/** The CSPRNG of the platform (globalThis.crypto, present in Node 24, browsers and Workers). */
export const secureRandom: RandomSource = (length) => {
  const out = new Uint8Array(length);
  // getRandomValues fills at most 65,536 bytes per call.
  for (let at = 0; at < length; at += 65_536)
    crypto.getRandomValues(out.subarray(at, Math.min(length, at + 65_536)));
  return out;
};
