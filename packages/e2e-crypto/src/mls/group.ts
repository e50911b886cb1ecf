/** MlsGroup over a ts-mls ClientState: commits that apply only on merge, commit processing, the exporter. */
import {
  acceptAll,
  createCommit,
  createGroupInfoWithExternalPubAndRatchetTree,
  emptyPskIndex,
  encodeGroupState,
  encodeMlsMessage,
  mlsExporter,
  processMessage,
  type CiphersuiteImpl,
  type ClientState,
  type Proposal,
} from 'ts-mls';
import { bytesEqual, utf8 } from '../bytes.ts';
import { E2eCryptoError } from '../errors.ts';
import type { DeviceCert } from '../identity.ts';
import { decodeCredentialIdentity } from '../identity.ts';
import { LABELS } from '../labels.ts';
import { decode, rethrow } from './support.ts';
import type { CommitBundle, GroupMember, MlsGroup } from './types.ts';

const pendingStates = new WeakMap<CommitBundle, { state: ClientState; group: Group }>();

/** The implementation of MlsGroup over a ts-mls ClientState (not exported from the package). */
export class Group implements MlsGroup {
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

  /** The current epoch's GroupInfo (with external_pub and ratchet tree), as an encoded MLSMessage. */
  async groupInfo(): Promise<Uint8Array> {
    const groupInfo = await createGroupInfoWithExternalPubAndRatchetTree(this.#state, [], this.#cs);
    return encodeMlsMessage({ version: 'mls10', wireformat: 'mls_group_info', groupInfo });
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
