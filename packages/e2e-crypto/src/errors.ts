/**
 * Typed failures of the crypto core. Each has a stable dotted code the UI branches on (never the message), and
 * FAILURE_WORDS gives the sentence a person sees instead of a silent blank (design 5.4).
 */
export const E2E_FAILURE_CODES = [
  'e2e.malformed',
  'e2e.unknown_sender',
  'e2e.bad_signature',
  'e2e.context_mismatch',
  'e2e.epoch_mismatch',
  'e2e.missing_epoch_key',
  'e2e.undecryptable',
  'e2e.file_corrupt',
  'e2e.credential_rejected',
  'e2e.identity_changed',
  'e2e.key_package_unknown',
  'e2e.key_package_expired',
  'e2e.not_a_member',
  'e2e.recovery_key_invalid',
  'e2e.recovery_key_wrong',
  'e2e.backup_entry_rejected',
  'e2e.link_qr_invalid',
  'e2e.link_wrong_user',
  'e2e.link_failed',
  'e2e.link_wrong_identity',
] as const;

/** A stable failure code. */
export type E2eFailureCode = (typeof E2E_FAILURE_CODES)[number];

/** Words for a person, per code (English; the web client localizes by code). */
export const FAILURE_WORDS: Record<E2eFailureCode, string> = {
  'e2e.malformed': 'This message is damaged and cannot be shown.',
  'e2e.unknown_sender': 'This message comes from a device we cannot verify.',
  'e2e.bad_signature': 'This message was altered, or was not sent by who it claims. It is not shown.',
  'e2e.context_mismatch': 'This message belongs to another conversation or key period and was not shown.',
  'e2e.epoch_mismatch':
    'This arrived for another state of the conversation than the current one and was not applied.',
  'e2e.missing_epoch_key':
    'This message was sent before this device joined, or while you were not a member. Restore from your recovery key to read it.',
  'e2e.undecryptable':
    'This message could not be decrypted with the key of its period: it was altered or badly made.',
  'e2e.file_corrupt': 'This file was altered, cut short or reordered, and was not opened.',
  'e2e.credential_rejected':
    'A device in this conversation could not be verified, so the change was refused.',
  'e2e.identity_changed': "This person's security identity changed. Verify it before trusting new devices.",
  'e2e.key_package_unknown':
    'This device was invited with a key it does not hold. Waiting for a member to add it.',
  'e2e.key_package_expired':
    "A device's invitation key had expired, so it was not added. It will be added when it comes online.",
  'e2e.not_a_member': 'This device is no longer a member of this conversation.',
  'e2e.recovery_key_invalid':
    'This is not a recovery key: a character is missing, extra or mistyped. Check it against your copy.',
  'e2e.recovery_key_wrong':
    'This recovery key does not open your key backup. It may be an older key that was replaced.',
  'e2e.backup_entry_rejected':
    'A key from the backup did not check out for this conversation and period, so it was not used.',
  'e2e.link_qr_invalid':
    'This is not a device-link code of this messenger. Scan the code the new device shows.',
  'e2e.link_wrong_user': 'This code is for another account. Sign in to the same account on both devices.',
  'e2e.link_failed':
    'The keys from the other device did not check out (the codes differed, or something changed them on the way). Nothing was used; start again.',
  'e2e.link_wrong_identity':
    "The other device holds a security identity that is no longer this account's. Link from a device set up after the last reset.",
};

/** An expected, explainable failure of the crypto core. */
export class E2eCryptoError extends Error {
  readonly code: E2eFailureCode;

  constructor(code: E2eFailureCode, detail?: string) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'E2eCryptoError';
    this.code = code;
  }
}

/** Whether a value is an E2eCryptoError, optionally with the given code. */
export function isE2eError(value: unknown, code?: E2eFailureCode): value is E2eCryptoError {
  return value instanceof E2eCryptoError && (code === undefined || value.code === code);
}
