/** Domain-separation labels (design 5.1 with <app> = "messenger"). Changing one breaks every stored message. */
export const LABELS = {
  exporter: 'im.messenger content v1',
  message: 'im.messenger msg v1',
  signature: 'im.messenger sig v1',
  file: 'im.messenger file v1',
  deviceCert: 'im.messenger devcert v1',
  fingerprint: 'im.messenger fp v1',
  /** HKDF salt of the secret-store key derived from the recovery key (design 5.6). */
  secretStoreKey: 'im.messenger ssk v1',
  /** AAD prefix of the secret store (master key seed and backup key). */
  secretStore: 'im.messenger ss v1',
  /** AAD prefix of one history backup entry (an epoch's keys). */
  history: 'im.messenger hist v1',
  /** Signed input of a verified mark synced to the user's own devices (design 5.9). */
  verifiedMark: 'im.messenger verified v1',
  /** Prefix of a device link's transcript (design 5.6 (i)): both ephemeral keys, the user and the link id. */
  link: 'im.messenger link v1',
  /** HKDF salt of the 8-digit code both screens show while linking a device. */
  linkCode: 'im.messenger link code v1',
  /** HKDF salt of the key that seals the master key seed and backup key to the new device. */
  linkKey: 'im.messenger link key v1',
  /** Prefix of the commitment to the new device's ephemeral key, published before the key itself. */
  linkCommit: 'im.messenger link commit v1',
} as const;

/** Envelope format version (`hdr.v`). */
export const ENVELOPE_VERSION = 1;
/** Content suite id (`hdr.cs`): HKDF-SHA256 -> AES-256-GCM, Ed25519 signature. */
export const CONTENT_SUITE = 1;
/** The one MLS cipher suite we use (RFC 9420's mandatory suite, 0x0001). */
export const MLS_CIPHER_SUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519';
