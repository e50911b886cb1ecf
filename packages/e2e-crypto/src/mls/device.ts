/** MlsDevice: one device's key packages (one-shot and last resort), group creation, Welcome joins, restore. */
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
import { makeKeyPackageRef } from 'ts-mls/keyPackage.js';
import { toHex } from '../bytes.ts';
import { E2eCryptoError } from '../errors.ts';
import type { TrustStore } from '../identity.ts';
import { encodeCredentialIdentity } from '../identity.ts';
import type { RandomSource } from '../random.ts';
import { secureRandom } from '../random.ts';
import { Group } from './group.ts';
import { clientConfig, decode, rethrow, suite } from './support.ts';
import {
  KEY_PACKAGE_LIFETIME_SECONDS,
  LAST_RESORT_EXTENSION,
  type DeviceIdentity,
  type MlsGroup,
} from './types.ts';

/** The MLS side of one device: its key packages and the groups it joins. */
export class MlsDevice {
  readonly identity: DeviceIdentity;
  readonly trust: TrustStore;
  readonly #cs: CiphersuiteImpl;
  readonly #config: ClientConfig;
  readonly #random: RandomSource;
  readonly #keyPackages = new Map<
    string,
    { pub: KeyPackage; priv: PrivateKeyPackage; lastResort: boolean }
  >();

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
   * A new KeyPackage (encoded MLSMessage) to upload; its private part stays in this object (in memory only,
   * for now) until a Welcome uses it. `now` (ms) is for tests of expiry.
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
}
