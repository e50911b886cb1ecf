/**
 * The group engine's interface (design 5.1-5.3): only our own names and bytes, no ts-mls type, so the group
 * layer can be replaced (design section 7, Plan B) without touching the envelope or its callers.
 */
import type { Ed25519KeyPair } from '../ed25519.ts';
import type { SignedDeviceCert } from '../identity.ts';

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
  /** The current epoch's GroupInfo (with external_pub and ratchet tree), e.g. for the group's creation. */
  groupInfo(): Promise<Uint8Array>;
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
