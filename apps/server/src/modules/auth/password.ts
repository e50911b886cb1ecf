import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// OWASP argon2id parameters: 19 MiB, 2 iterations, 1 lane. @node-rs/argon2 hashes on the libuv thread
// pool, so the event loop keeps serving while a hash runs. (Algorithm.Argon2id is a const enum = 2.)
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Checks a password against a stored hash; false on any malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** Spends the time of a real verification, so that an unknown username answers as slowly as a known one. */
export async function burnVerification(password: string): Promise<void> {
  dummy ??= hashPassword('timing-equaliser-not-a-password');
  await verifyPassword(await dummy, password);
}

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const TEMPORARY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * A temporary password an administrator hands over (ACCT-7, ACCT-8): 16 characters of 57, about 93 bits,
 * drawn without modulo bias.
 */
export function temporaryPassword(): string {
  const n = TEMPORARY_ALPHABET.length;
  // Bytes at or above the last whole multiple of n would favour the first characters.
  const limit = 256 - (256 % n);
  let out = '';
  while (out.length < 16) {
    for (const b of randomBytes(32)) if (b < limit && out.length < 16) out += TEMPORARY_ALPHABET[b % n];
  }
  return out;
}
