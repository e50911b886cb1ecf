/** What the ts-mls adapter shares: the cipher suite, our client config (with our AS), decoding, errors. */
import {
  decodeMlsMessage,
  defaultKeyPackageEqualityConfig,
  defaultKeyRetentionConfig,
  defaultLifetimeConfig,
  defaultPaddingConfig,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  type CiphersuiteImpl,
  type ClientConfig,
  type Credential,
} from 'ts-mls';
import { E2eCryptoError, isE2eError } from '../errors.ts';
import type { TrustStore } from '../identity.ts';
import { MLS_CIPHER_SUITE } from '../labels.ts';

let suitePromise: Promise<CiphersuiteImpl> | undefined;

/** The one cipher suite's implementation (WebCrypto X25519, Ed25519, AES-GCM), loaded once. */
export function suite(): Promise<CiphersuiteImpl> {
  suitePromise ??= getCiphersuiteImpl(getCiphersuiteFromName(MLS_CIPHER_SUITE));
  return suitePromise;
}

/** ts-mls errors from a peer's data become our codes; our own (from the AS) pass through. */
export function rethrow(
  error: unknown,
  code: 'e2e.credential_rejected' | 'e2e.malformed',
  what: string,
): never {
  if (isE2eError(error)) throw error;
  const message = error instanceof Error ? error.message : String(error);
  throw new E2eCryptoError(
    /credential/i.test(message) ? 'e2e.credential_rejected' : code,
    `${what}: ${message}`,
  );
}

/** Our client config: ts-mls defaults except the authentication service, which is ours. */
export function clientConfig(trust: TrustStore): ClientConfig {
  return {
    keyRetentionConfig: defaultKeyRetentionConfig,
    lifetimeConfig: defaultLifetimeConfig,
    keyPackageEqualityConfig: defaultKeyPackageEqualityConfig,
    paddingConfig: defaultPaddingConfig,
    // ts-mls 1.x accepts every credential by default; ours checks the MSK certificate (design 5.2).
    authService: {
      async validateCredential(credential: Credential, signaturePublicKey: Uint8Array): Promise<boolean> {
        if (credential.credentialType !== 'basic') return false;
        try {
          await trust.validate(credential.identity, signaturePublicKey);
          return true;
        } catch {
          return false;
        }
      },
    },
  };
}

/** Decodes one whole MLSMessage; `e2e.malformed` otherwise. */
export function decode(bytes: Uint8Array, what: string) {
  let decoded: ReturnType<typeof decodeMlsMessage>;
  try {
    decoded = decodeMlsMessage(bytes, 0);
  } catch (error) {
    rethrow(error, 'e2e.malformed', what);
  }
  if (!decoded || decoded[1] !== bytes.length) throw new E2eCryptoError('e2e.malformed', what);
  return decoded[0];
}
