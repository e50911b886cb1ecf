/**
 * The device-local key and the sealing of the device state at rest (design e2e.md 5.7, SPEC E2E-39): a
 * non-extractable key in IndexedDB, everything else stored only encrypted under it. The crypto core owns them.
 */
export { generateDeviceLocalKey, sealAtRest, openAtRest } from '@messenger/e2e-crypto';
