import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** RFC 6238 as every authenticator app does it: SHA-1, six digits, 30-second steps. */
const PERIOD_SECONDS = 30;
const DIGITS = 6;
const ALGORITHM = 'SHA1';
/** Recovery codes per set, and their shape: two groups of four base32 characters (40 bits). */
export const RECOVERY_CODE_COUNT = 10;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** The 30-second step a moment falls in. */
export function stepAt(nowMs: number): number {
  return TOTP.counter({ period: PERIOD_SECONDS, timestamp: nowMs });
}

/** A new random secret (160 bits, RFC 4226's recommendation), in base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URI an app scans: issuer and account name shown in the app. */
export function otpauthUri(secretBase32: string, issuer: string, account: string): string {
  const totp = new TOTP({
    issuer,
    label: account,
    secret: Secret.fromBase32(secretBase32),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
  });
  return totp.toString();
}

/** The QR code of a URI as an SVG document, drawn here (no outside service sees the secret). */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/**
 * The step a six-digit code is right for, among the current step and the previous one only (a clock a little
 * behind, or a code typed as it turned), and only after `lastStep`: a code already used, or older than one
 * that was, never works again. Null when it matches none of them.
 */
export function acceptedStep(
  secretBase32: string,
  code: string,
  nowMs: number,
  lastStep: number | null,
): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const secret = Secret.fromBase32(secretBase32);
  const current = stepAt(nowMs);
  let found: number | null = null;
  // Both steps are always computed and compared in constant time, so timing says nothing about which matched.
  for (const step of [current, current - 1]) {
    const expected = HOTP.generate({ secret, algorithm: ALGORITHM, digits: DIGITS, counter: step });
    const same = timingSafeEqual(Buffer.from(expected), Buffer.from(code));
    if (same && found === null && (lastStep === null || step > lastStep)) found = step;
  }
  return found;
}

/** Whether a typed code looks like a TOTP code (six digits) rather than a recovery code. */
export function isTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s/g, ''));
}

/** Encrypts TOTP secrets at rest (AES-256-GCM, bound to the user id) and hashes recovery codes. */
export class TwoFactorCrypto {
  private readonly key: Buffer;
  private readonly hmacKey: Buffer;

  /** `key` is the server's `totp_key` (32 bytes); the recovery codes' HMAC key is derived from it. */
  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('totp_key must be 32 bytes');
    this.key = key;
    this.hmacKey = createHmac('sha256', key).update('recovery-codes').digest();
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url; the user id is authenticated data, so rows cannot be swapped. */
  seal(secretBase32: string, userId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(userId));
    const body = Buffer.concat([cipher.update(secretBase32, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** The secret sealed for this user; throws if it was not (tampered, or another user's). */
  open(sealed: string, userId: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined)
      throw new Error('unknown sealed secret format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(userId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  /** A new set of recovery codes (`xxxx-xxxx`, base32: 40 random bits each). */
  newRecoveryCodes(): string[] {
    return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
      const bytes = randomBytes(8);
      const chars = [...bytes].map((b) => BASE32[b & 31]).join('');
      return `${chars.slice(0, 4)}-${chars.slice(4)}`;
    });
  }

  /** HMAC-SHA256 of a recovery code as typed, ignoring case, spaces and dashes. */
  hashRecoveryCode(code: string): string {
    const normalized = code.toLowerCase().replace(/[\s-]/g, '');
    return createHmac('sha256', this.hmacKey).update(normalized).digest('hex');
  }
}

/** Whether two hex digests are equal, in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
