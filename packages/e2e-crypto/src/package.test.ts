import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as api from './index.ts';

const here = import.meta.dirname;
// Every source file of the package (tests and test fixtures aside), as paths relative to src/.
const sources = readdirSync(here, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'test-fixtures.ts')
  .sort();
const importsOf = (file: string) =>
  [...readFileSync(join(here, file), 'utf8').matchAll(/^\s*(?:import|export)[^;]*?from\s+'([^']+)'/gm)].map(
    (m) => m[1]!,
  );
const adapter = ['mls/device.ts', 'mls/group.ts', 'mls/support.ts'];

describe('the package boundary (decision 0005)', () => {
  test('E2E-1: ts-mls is pinned to exactly 1.6.4', () => {
    const pkg = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(pkg.dependencies['ts-mls']).toBe('1.6.4');
    const installed = JSON.parse(
      readFileSync(join(here, '../../../node_modules/ts-mls/package.json'), 'utf8'),
    ) as {
      version: string;
    };
    expect(installed.version).toBe('1.6.4');
  });

  test('E2E-1: only the adapter files in mls/ import ts-mls, and no source imports a Node module (Web Worker)', () => {
    expect(sources).toEqual(expect.arrayContaining([...adapter, 'mls/types.ts', 'index.ts', 'envelope.ts']));
    for (const file of sources) {
      const imports = importsOf(file);
      expect(
        imports.filter((i) => i.startsWith('node:')),
        file,
      ).toEqual([]);
      const external = imports.filter((i) => !i.startsWith('.'));
      expect(
        external.every((i) => i === 'ts-mls' || i === 'ts-mls/keyPackage.js'),
        file,
      ).toBe(true);
      if (!adapter.includes(file)) expect(external, file).toEqual([]);
      // Node globals are not there in a Worker either.
      expect(readFileSync(join(here, file), 'utf8'), file).not.toMatch(
        /\b(Buffer|process|require|__dirname)\b[.(]/,
      );
    }
    // The public surface: index.ts re-exports our modules and the interface file, never the adapter's group.
    expect(importsOf('index.ts').filter((i) => i.startsWith('./mls/'))).toEqual([
      './mls/device.ts',
      './mls/types.ts',
      './mls/types.ts',
    ]);
    expect(importsOf('index.ts')).not.toContain('./test-fixtures.ts');
  });

  test('E2E-1: the public API is our own names only', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'CONTENT_SUITE',
        'E2E_FAILURE_CODES',
        'E2eCryptoError',
        'E2eSession',
        'E2eTransportError',
        'ENVELOPE_VERSION',
        'FAILURE_WORDS',
        'FILE_CHUNK_SIZE',
        'FILE_TAG_SIZE',
        'KEY_PACKAGE_LIFETIME_SECONDS',
        'KEY_PACKAGE_TARGET',
        'LABELS',
        'LAST_RESORT_EXTENSION',
        'MLS_CIPHER_SUITE',
        'MlsDevice',
        'PAD_BLOCK',
        'RECOVERY_KEY_BYTES',
        'TrustStore',
        'canonicalCertBytes',
        'checkVerificationCode',
        'checkVerifiedMark',
        'chunkAad',
        'chunkNonce',
        'decodeCredentialIdentity',
        'decodeEnvelope',
        'decryptChunk',
        'decryptFile',
        'deriveMessageKey',
        'ed25519FromSeed',
        'ed25519Sign',
        'ed25519Verify',
        'encodeCredentialIdentity',
        'encodeEnvelope',
        'encryptChunk',
        'encryptFile',
        'fingerprint',
        'formatRecoveryKey',
        'fromB64url',
        'generateRecoveryKey',
        'openHistoryEntry',
        'openSecretStore',
        'parseRecoveryKey',
        'sealHistoryEntry',
        'sealSecretStore',
        'secretStoreKey',
        'fromHex',
        'generateDeviceLocalKey',
        'generateEd25519',
        'generateFileKey',
        'httpTransport',
        'isE2eError',
        'openAtRest',
        'openEnvelope',
        'padContent',
        'parseHeader',
        'sealAtRest',
        'safetyNumber',
        'sealEnvelope',
        'secureRandom',
        'signDeviceCert',
        'signVerifiedMark',
        'signatureInput',
        'splitSealedFile',
        'toB64url',
        'toHex',
        'verificationCode',
        'LINK_SECRET_BYTES',
        'LINK_VERSION',
        'decodeLinkQr',
        'encodeLinkQr',
        'generateLinkKeyPair',
        'generateLinkSecret',
        'httpLinkTransport',
        'linkCode',
        'linkCommitment',
        'linkKeyPairFrom',
        'openLinkSecrets',
        'sealLinkSecrets',
      ].sort(),
    );
  });
});
