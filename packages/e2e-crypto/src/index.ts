/**
 * @messenger/e2e-crypto: the client-side crypto core of end-to-end encrypted rooms (design e2e.md 5.1-5.5).
 * WebCrypto only (no Node APIs), so it runs in Node tests, browsers and a Web Worker. ts-mls stays behind
 * mls/ (device.ts, group.ts, support.ts); nothing exported here has a ts-mls type.
 */
export * from './errors.ts';
export * from './labels.ts';
export type { RandomSource } from './random.ts';
export { secureRandom } from './random.ts';
export {
  type Ed25519KeyPair,
  ed25519FromSeed,
  generateEd25519,
  ed25519Sign,
  ed25519Verify,
} from './ed25519.ts';
export * from './envelope.ts';
export * from './file-stream.ts';
export * from './identity.ts';
export { MlsDevice } from './mls/device.ts';
export { LAST_RESORT_EXTENSION, KEY_PACKAGE_LIFETIME_SECONDS } from './mls/types.ts';
export type { DeviceIdentity, GroupMember, CommitBundle, MlsGroup } from './mls/types.ts';
export { toB64url, fromB64url, toHex, fromHex } from './bytes.ts';
export * from './session.ts';
export * from './transport.ts';
export * from './http-transport.ts';
export * from './at-rest.ts';
export * from './verification.ts';
export * from './recovery.ts';
export * from './link.ts';
export * from './link-transport.ts';
