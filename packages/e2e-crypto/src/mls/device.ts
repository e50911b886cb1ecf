/**
 * MlsDevice: one device's key packages (one-shot and last resort), group creation, Welcome joins, and its
 * state as bytes (identity, trust pins, private key packages) for the browser to keep at rest (SPEC E2E-39).
 */
import {
  createGroup,
  decodeGroupState,
  defaultCapabilities,
  emptyPskIndex,
  encodeMlsMessage,
  generateKeyPackageWithKey,
  joinGroup,
  type CiphersuiteImpl,
  type ClientConfig,
  type ClientState,
  type Credential,
  type KeyPackage,
  type PrivateKeyPackage,
} from 'ts-mls';
import { decodeKeyPackage, encodeKeyPackage, makeKeyPackageRef } from 'ts-mls/keyPackage.js';
import { bytesEqual, toHex } from '../bytes.ts';
import { ed25519FromSeed } from '../ed25519.ts';
import { E2eCryptoError } from '../errors.ts';
import {
  decodeCredentialIdentity,
  encodeCredentialIdentity,
  TrustStore,
  type DeviceCert,
} from '../identity.ts';
import type { RandomSource } from '../random.ts';
import { secureRandom } from '../random.ts';
import { decodeDeviceState, encodeDeviceState, type DeviceStateParts } from './device-state.ts';
import { Group } from './group.ts';
import { clientConfig, decode, rethrow, suite } from './support.ts';
import {
  KEY_PACKAGE_LIFETIME_SECONDS,
  LAST_RESORT_EXTENSION,
  type DeviceIdentity,
  type MlsGroup,
} from './types.ts';

/** A private key package as this device holds it until a Welcome uses it. */
interface HeldKeyPackage {
  pub: KeyPackage;
  priv: PrivateKeyPackage;
  lastResort: boolean;
}

/** The MLS side of one device: its key packages and the groups it joins. */
export class MlsDevice {
  readonly identity: DeviceIdentity;
  readonly trust: TrustStore;
  readonly #cs: CiphersuiteImpl;
  readonly #config: ClientConfig;
  readonly #random: RandomSource;
  readonly #keyPackages = new Map<string, HeldKeyPackage>();

  private constructor(
    identity: DeviceIdentity,
    trust: TrustStore,
    cs: CiphersuiteImpl,
    random: RandomSource,
  ) {
    this.identity = identity;
    this.trust = trust;
    this.#cs = cs;
    this.#config = clientConfig(trust);
    this.#random = random;
  }

  /** A device for `identity`, validating peers' credentials with `trust`. */
  static async create(
    identity: DeviceIdentity,
    trust: TrustStore,
    random: RandomSource = secureRandom,
  ): Promise<MlsDevice> {
    return new MlsDevice(identity, trust, await suite(), random);
  }

  #credential(): Credential {
    return { credentialType: 'basic', identity: encodeCredentialIdentity(this.identity.cert) };
  }

  /**
   * A new KeyPackage (encoded MLSMessage) to upload; its private part stays in this object (and in its
   * exported state) until a Welcome uses it. `now` (ms) is for tests of expiry.
   */
  async generateKeyPackage(options: { lastResort?: boolean; now?: number } = {}): Promise<Uint8Array> {
    const lastResort = options.lastResort ?? false;
    const now = BigInt(Math.floor((options.now ?? Date.now()) / 1000));
    const { publicPackage, privatePackage } = await generateKeyPackageWithKey(
      this.#credential(),
      defaultCapabilities(),
      { notBefore: now - 3600n, notAfter: now + BigInt(KEY_PACKAGE_LIFETIME_SECONDS) },
      lastResort ? [{ extensionType: LAST_RESORT_EXTENSION, extensionData: new Uint8Array() }] : [],
      { signKey: this.identity.dsk.seed, publicKey: this.identity.dsk.publicKey },
      this.#cs,
    );
    const ref = toHex(await makeKeyPackageRef(publicPackage, this.#cs.hash));
    this.#keyPackages.set(ref, { pub: publicPackage, priv: privatePackage, lastResort });
    return encodeMlsMessage({ version: 'mls10', wireformat: 'mls_key_package', keyPackage: publicPackage });
  }

  /** How many unused key packages this device holds (last resort included). */
  get keyPackageCount(): number {
    return this.#keyPackages.size;
  }

  /** Creates the MLS group of a room, with this device as its only member, at epoch 0. */
  async createGroup(roomId: string, groupId: Uint8Array = this.#random(16)): Promise<MlsGroup> {
    // The creator's own leaf is never claimed from the server, so its key package needs no 30-day expiry.
    const kp = await generateKeyPackageWithKey(
      this.#credential(),
      defaultCapabilities(),
      { notBefore: 0n, notAfter: 2n ** 63n - 1n },
      [],
      { signKey: this.identity.dsk.seed, publicKey: this.identity.dsk.publicKey },
      this.#cs,
    );
    const state = await createGroup(groupId, kp.publicPackage, kp.privatePackage, [], this.#cs, this.#config);
    return new Group(roomId, state, this.#cs);
  }

  /**
   * Joins a group from a Welcome addressed to one of this device's key packages. The ratchet tree in it is
   * validated, every leaf credential through our AS. The key package is consumed unless it is the last resort.
   */
  async joinFromWelcome(roomId: string, welcomeBytes: Uint8Array): Promise<MlsGroup> {
    const message = decode(welcomeBytes, 'welcome');
    if (message.wireformat !== 'mls_welcome') throw new E2eCryptoError('e2e.malformed', 'not a welcome');
    const entry = message.welcome.secrets
      .map((s) => [toHex(s.newMember), this.#keyPackages.get(toHex(s.newMember))] as const)
      .find(([, kp]) => kp !== undefined);
    if (!entry) throw new E2eCryptoError('e2e.key_package_unknown');
    const [ref, kp] = entry;
    let state: ClientState;
    try {
      state = await joinGroup(
        message.welcome,
        kp!.pub,
        kp!.priv,
        emptyPskIndex,
        this.#cs,
        undefined,
        undefined,
        this.#config,
      );
    } catch (error) {
      rethrow(error, 'e2e.malformed', 'join');
    }
    if (!kp!.lastResort) this.#keyPackages.delete(ref);
    return new Group(roomId, state, this.#cs);
  }

  /** A group from MlsGroup.exportState, validated from then on by this device's trust store. */
  restoreGroup(roomId: string, stateBytes: Uint8Array): MlsGroup {
    let decoded: ReturnType<typeof decodeGroupState>;
    try {
      decoded = decodeGroupState(stateBytes, 0);
    } catch (error) {
      rethrow(error, 'e2e.malformed', 'group state');
    }
    if (!decoded || decoded[1] !== stateBytes.length)
      throw new E2eCryptoError('e2e.malformed', 'group state');
    return new Group(roomId, { ...decoded[0], clientConfig: this.#config }, this.#cs);
  }

  /**
   * The device's state as bytes (SPEC E2E-39, version 1): identity (uid, did, DSK seed and public key, signed
   * certificate), the trust store's pins and revocations, and each unused key package with its private keys
   * and last resort flag. Secret (the DSK seed and HPKE private keys): the browser stores it only sealed
   * (at-rest.ts).
   */
  exportState(): Uint8Array {
    const { uid, did, dsk, cert } = this.identity;
    return encodeDeviceState({
      uid,
      did,
      dskSeed: dsk.seed,
      dskPub: dsk.publicKey,
      credential: encodeCredentialIdentity(cert),
      pins: this.trust.pins(),
      revoked: this.trust.revokedDevices(),
      keyPackages: [...this.#keyPackages.values()].map((kp) => ({
        keyPackage: encodeKeyPackage(kp.pub),
        initPrivateKey: kp.priv.initPrivateKey,
        hpkePrivateKey: kp.priv.hpkePrivateKey,
        lastResort: kp.lastResort,
      })),
    });
  }

  /**
   * A device from exportState's bytes. Anything that does not decode exactly, or does not fit together (a
   * seed that is not the DSK's, a certificate of another device or not verifying under the user's own pinned
   * master key, a key package of another key or listed twice), is `e2e.malformed`.
   */
  static async restore(state: Uint8Array, random: RandomSource = secureRandom): Promise<MlsDevice> {
    const parts = decodeDeviceState(state);
    const { uid, did, dskSeed, dskPub } = parts;
    const dsk = await ed25519FromSeed(dskSeed);
    if (!bytesEqual(dsk.publicKey, dskPub)) throw malformed('seed and public key differ');
    const trust = new TrustStore();
    for (const p of parts.pins) {
      // A user pinned twice with two keys cannot come from a trust store (pin refuses a changed key).
      if (trust.pinned(p.uid)) throw malformed('a user pinned twice');
      trust.pin(p.uid, p.mskPub, p.mskVersion);
    }
    let cert: DeviceCert;
    try {
      // The certificate must name this device and key and still verify under the user's own pinned master key.
      cert = await trust.validate(parts.credential, dskPub);
    } catch {
      throw malformed('certificate does not verify under the pinned master key');
    }
    if (cert.uid !== uid || cert.did !== did) throw malformed('certificate of another device');
    for (const d of parts.revoked) trust.revoke(d.uid, d.did);
    const signed = decodeCredentialIdentity(parts.credential);
    const device = await MlsDevice.create({ uid, did, dsk, cert: signed }, trust, random);
    for (const kp of parts.keyPackages) await device.#holdRestored(kp);
    return device;
  }

  /** Takes back one key package of a restored state, checked to be whole, of this device's key, and new. */
  async #holdRestored(kp: DeviceStateParts['keyPackages'][number]): Promise<void> {
    let decoded: ReturnType<typeof decodeKeyPackage>;
    try {
      decoded = decodeKeyPackage(kp.keyPackage, 0);
    } catch {
      throw malformed('key package');
    }
    if (!decoded || decoded[1] !== kp.keyPackage.length) throw malformed('key package');
    const pub = decoded[0];
    if (!bytesEqual(pub.leafNode.signaturePublicKey, this.identity.dsk.publicKey))
      throw malformed('key package of another key');
    const ref = toHex(await makeKeyPackageRef(pub, this.#cs.hash));
    if (this.#keyPackages.has(ref)) throw malformed('key package twice');
    this.#keyPackages.set(ref, {
      pub,
      priv: {
        initPrivateKey: kp.initPrivateKey,
        hpkePrivateKey: kp.hpkePrivateKey,
        signaturePrivateKey: this.identity.dsk.seed,
      },
      lastResort: kp.lastResort,
    });
  }
}

const malformed = (why: string) => new E2eCryptoError('e2e.malformed', `device state: ${why}`);
