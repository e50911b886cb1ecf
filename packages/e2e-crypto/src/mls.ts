/**
 * Our group engine over ts-mls (design 5.1-5.3). ts-mls types stay inside this file: callers see only bytes
 * (key packages, commits, welcomes, group infos as encoded MLSMessages), numbers and our own errors, so the
 * group layer can be replaced (design section 7, Plan B) without touching the envelope or its callers.
 */
import {
  acceptAll,
  createCommit,
  createGroup,
  createGroupInfoWithExternalPubAndRatchetTree,
  decodeGroupState,
  decodeMlsMessage,
  defaultCapabilities,
  defaultKeyPackageEqualityConfig,
  defaultKeyRetentionConfig,
  defaultLifetimeConfig,
  defaultPaddingConfig,
  emptyPskIndex,
  encodeGroupState,
  encodeMlsMessage,
  generateKeyPackageWithKey,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  joinGroup,
  mlsExporter,
  processMessage,
  type CiphersuiteImpl,
  type ClientConfig,
  type ClientState,
  type Credential,
  type KeyPackage,
  type PrivateKeyPackage,
  type Proposal,
} from 'ts-mls';
import { makeKeyPackageRef } from 'ts-mls/keyPackage.js';
import { bytesEqual, toHex, utf8 } from './bytes.ts';
import type { Ed25519KeyPair } from './ed25519.ts';
import { E2eCryptoError, isE2eError } from './errors.ts';
import type { DeviceCert, SignedDeviceCert, TrustStore } from './identity.ts';
import { decodeCredentialIdentity, encodeCredentialIdentity } from './identity.ts';
import { LABELS, MLS_CIPHER_SUITE } from './labels.ts';
import type { RandomSource } from './random.ts';
import { secureRandom } from './random.ts';

/** `last_resort` KeyPackage extension (draft-ietf-mls-extensions); ts-mls 1.6.4 has no constant for it. */
export const LAST_RESORT_EXTENSION = 0x000a;
/** KeyPackage lifetime (design 5.3: 30 days). */
export const KEY_PACKAGE_LIFETIME_SECONDS = 30 * 24 * 3600;

/** One device's identity: who it is, its signing key (DSK) and the MSK certificate of that key. */
export interface DeviceIdentity {
  uid: string;
  did: string;
  /** The DSK, which is both the MLS leaf signature key and the envelope signing key. */
  dsk: Ed25519KeyPair;
  cert: SignedDeviceCert;
}

/** A group member as our AS saw it. */
export interface GroupMember {
  uid: string;
  did: string;
  /** MLS leaf index (what a Remove names). */
  leaf: number;
  /** The member's DSK (verifies its envelope signatures). */
  dskPub: Uint8Array;
}

/** What a commit produces for the delivery service; nothing is applied locally until `merge`. */
export interface CommitBundle {
  /** Epoch the commit builds on (the compare-and-set value). */
  readonly fromEpoch: number;
  /** Epoch after the commit. */
  readonly toEpoch: number;
  /** The commit, an encoded MLSMessage (PublicMessage, so the server can check it against its ACL). */
  readonly commit: Uint8Array;
  /** The Welcome for added devices (with the ratchet tree), if any were added. */
  readonly welcome: Uint8Array | undefined;
  /** The new epoch's GroupInfo (with external_pub and ratchet tree), for the server to hold. */
  readonly groupInfo: Uint8Array;
}

/** One room's MLS group as this device sees it (an interface, so no ts-mls type reaches callers). */
export interface MlsGroup {
  /** The room this group belongs to (the exporter context). */
  readonly roomId: string;
  /** The MLS group id. */
  readonly groupId: Uint8Array;
  /** The current epoch. */
  readonly epoch: number;
  /** False once a commit removed this device. */
  readonly active: boolean;
  /** This device's leaf index. */
  readonly ownLeaf: number;
  /** The members of the current epoch, from their AS-validated credentials. */
  members(): GroupMember[];
  /** E = MLS-Exporter("im.messenger content v1", UTF-8(roomId), 32) of the current epoch. */
  contentKey(): Promise<Uint8Array>;
  /** A commit adding the devices of these key packages; applied only by merge. */
  add(keyPackages: Uint8Array[], nowMs?: number): Promise<CommitBundle>;
  /** A commit removing these devices; applied only by merge. */
  remove(dids: string[]): Promise<CommitBundle>;
  /** An empty commit with a fresh path (healing); applied only by merge. */
  update(): Promise<CommitBundle>;
  /** Applies our own commit after the delivery service accepted it. */
  merge(bundle: CommitBundle): void;
  /** Processes another member's commit, in server order. */
  processCommit(commit: Uint8Array): Promise<void>;
  /** The group state as bytes, for MlsDevice.restoreGroup. Secret (epoch and path secrets): store it encrypted. */
  exportState(): Uint8Array;
}

const pendingStates = new WeakMap<CommitBundle, { state: ClientState; group: Group }>();
let suitePromise: Promise<CiphersuiteImpl> | undefined;

function suite(): Promise<CiphersuiteImpl> {
  suitePromise ??= getCiphersuiteImpl(getCiphersuiteFromName(MLS_CIPHER_SUITE));
  return suitePromise;
}

/** ts-mls errors from a peer's data become our codes; our own (from the AS) pass through. */
function rethrow(error: unknown, code: 'e2e.credential_rejected' | 'e2e.malformed', what: string): never {
  if (isE2eError(error)) throw error;
  const message = error instanceof Error ? error.message : String(error);
  throw new E2eCryptoError(
    /credential/i.test(message) ? 'e2e.credential_rejected' : code,
    `${what}: ${message}`,
  );
}

function clientConfig(trust: TrustStore): ClientConfig {
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

function decode(bytes: Uint8Array, what: string) {
  let decoded: ReturnType<typeof decodeMlsMessage>;
  try {
    decoded = decodeMlsMessage(bytes, 0);
  } catch (error) {
    rethrow(error, 'e2e.malformed', what);
  }
  if (!decoded || decoded[1] !== bytes.length) throw new E2eCryptoError('e2e.malformed', what);
  return decoded[0];
}

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

  /** A new KeyPackage (encoded MLSMessage) to upload; its private part stays here until a Welcome uses it. */
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

/** The implementation of MlsGroup over a ts-mls ClientState (not exported from the package). */
class Group implements MlsGroup {
  readonly roomId: string;
  #state: ClientState;
  readonly #cs: CiphersuiteImpl;

  constructor(roomId: string, state: ClientState, cs: CiphersuiteImpl) {
    this.roomId = roomId;
    this.#state = state;
    this.#cs = cs;
  }

  /** The MLS group id. */
  get groupId(): Uint8Array {
    return new Uint8Array(this.#state.groupContext.groupId);
  }

  /** The current epoch. */
  get epoch(): number {
    return Number(this.#state.groupContext.epoch);
  }

  /** False once a commit removed this device. */
  get active(): boolean {
    return this.#state.groupActiveState.kind === 'active';
  }

  /** This device's leaf index. */
  get ownLeaf(): number {
    return this.#state.privatePath.leafIndex;
  }

  #requireActive(): void {
    if (!this.active) throw new E2eCryptoError('e2e.not_a_member', this.roomId);
  }

  /** The members of the current epoch, from their (already AS-validated) credentials. */
  members(): GroupMember[] {
    const out: GroupMember[] = [];
    this.#state.ratchetTree.forEach((node, index) => {
      if (node?.nodeType !== 'leaf' || node.leaf.credential.credentialType !== 'basic') return;
      const cert: DeviceCert = decodeCredentialIdentity(node.leaf.credential.identity).cert;
      out.push({
        uid: cert.uid,
        did: cert.did,
        leaf: index / 2,
        dskPub: new Uint8Array(node.leaf.signaturePublicKey),
      });
    });
    return out;
  }

  /** The content key of the current epoch: E = MLS-Exporter("im.messenger content v1", UTF-8(roomId), 32). */
  async contentKey(): Promise<Uint8Array> {
    this.#requireActive();
    return mlsExporter(
      this.#state.keySchedule.exporterSecret,
      LABELS.exporter,
      utf8(this.roomId),
      32,
      this.#cs,
    );
  }

  /**
   * A commit adding the devices of these key packages (claimed from the server). A key package outside its
   * lifetime is `e2e.key_package_expired`. Not applied until merge.
   */
  async add(keyPackages: Uint8Array[], nowMs: number = Date.now()): Promise<CommitBundle> {
    const now = BigInt(Math.floor(nowMs / 1000));
    const proposals: Proposal[] = keyPackages.map((bytes) => {
      const message = decode(bytes, 'key package');
      if (message.wireformat !== 'mls_key_package')
        throw new E2eCryptoError('e2e.malformed', 'not a key package');
      const { lifetime } = message.keyPackage.leafNode;
      if (lifetime.notBefore > now || lifetime.notAfter < now)
        throw new E2eCryptoError('e2e.key_package_expired');
      return { proposalType: 'add', add: { keyPackage: message.keyPackage } };
    });
    return this.#commit(proposals);
  }

  /** A commit removing the member devices with these device ids. Not applied until merge. */
  async remove(dids: string[]): Promise<CommitBundle> {
    const leaves = this.members().filter((m) => dids.includes(m.did));
    if (leaves.length !== dids.length) throw new E2eCryptoError('e2e.not_a_member', 'device to remove');
    return this.#commit(leaves.map((m) => ({ proposalType: 'remove', remove: { removed: m.leaf } })));
  }

  /** An empty commit with a fresh path (periodic healing: post-compromise security). Not applied until merge. */
  async update(): Promise<CommitBundle> {
    return this.#commit([]);
  }

  async #commit(proposals: Proposal[]): Promise<CommitBundle> {
    this.#requireActive();
    let result: Awaited<ReturnType<typeof createCommit>>;
    try {
      result = await createCommit(
        { state: this.#state, cipherSuite: this.#cs },
        { extraProposals: proposals, wireAsPublicMessage: true, ratchetTreeExtension: true },
      );
    } catch (error) {
      rethrow(error, 'e2e.malformed', 'commit');
    }
    const groupInfo = await createGroupInfoWithExternalPubAndRatchetTree(result.newState, [], this.#cs);
    const bundle: CommitBundle = {
      fromEpoch: this.epoch,
      toEpoch: Number(result.newState.groupContext.epoch),
      commit: encodeMlsMessage(result.commit),
      welcome: result.welcome
        ? encodeMlsMessage({ version: 'mls10', wireformat: 'mls_welcome', welcome: result.welcome })
        : undefined,
      groupInfo: encodeMlsMessage({ version: 'mls10', wireformat: 'mls_group_info', groupInfo }),
    };
    pendingStates.set(bundle, { state: result.newState, group: this });
    return bundle;
  }

  exportState(): Uint8Array {
    return encodeGroupState(this.#state);
  }

  /**
   * Applies our own commit once the delivery service accepted it. Throws if the group moved on meanwhile
   * (then the commit lost the race: process the winner's commit and make a new one).
   */
  merge(bundle: CommitBundle): void {
    const pending = pendingStates.get(bundle);
    if (!pending || pending.group !== this) throw new RangeError('not a pending commit of this group');
    if (bundle.fromEpoch !== this.epoch)
      throw new RangeError(`stale commit: built on ${bundle.fromEpoch}, group at ${this.epoch}`);
    this.#state = pending.state;
    pendingStates.delete(bundle);
  }

  /**
   * Processes another member's commit for the current epoch (in server order). A commit built on another
   * epoch throws `e2e.epoch_mismatch` (a lost race, or out of order); added members' credentials go through
   * our AS, and a rejected one throws `e2e.credential_rejected`. A failed commit leaves the state unchanged.
   */
  async processCommit(commitBytes: Uint8Array): Promise<void> {
    this.#requireActive();
    const message = decode(commitBytes, 'commit');
    // Our commits travel as PublicMessages (design 5.3), so the epoch and group can be checked first.
    if (
      message.wireformat !== 'mls_public_message' ||
      message.publicMessage.content.contentType !== 'commit'
    ) {
      throw new E2eCryptoError('e2e.malformed', 'not a commit');
    }
    const { epoch, groupId } = message.publicMessage.content;
    if (!bytesEqual(groupId, this.#state.groupContext.groupId)) {
      throw new E2eCryptoError('e2e.context_mismatch', 'commit of another group');
    }
    if (epoch !== this.#state.groupContext.epoch) {
      throw new E2eCryptoError(
        'e2e.epoch_mismatch',
        `commit built on epoch ${epoch}, group at ${this.epoch}`,
      );
    }
    let result: Awaited<ReturnType<typeof processMessage>>;
    try {
      result = await processMessage(message, this.#state, emptyPskIndex, acceptAll, this.#cs);
    } catch (error) {
      rethrow(error, 'e2e.malformed', 'commit');
    }
    if (result.kind !== 'newState') throw new E2eCryptoError('e2e.malformed', 'not a commit');
    this.#state = result.newState;
  }
}
