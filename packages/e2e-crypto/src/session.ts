/**
 * E2eSession: one device's protocol flow over the MLS Delivery Service (design 5.2-5.4, SPEC E2E-30..E2E-39).
 * It does no I/O of its own: every server call goes through an `E2eTransport` (the browser gives it fetch and
 * the socket, tests the server harness), so the same flow runs in a Web Worker and in Node tests. Its whole
 * state (groups, key packages, content keys) exports to bytes and restores (SPEC E2E-39), which the browser
 * keeps sealed under a device-local key (at-rest.ts).
 */
import { bytesEqual, fromB64url, toB64url } from './bytes.ts';
import { ed25519FromSeed, generateEd25519, type Ed25519KeyPair } from './ed25519.ts';
import {
  decodeEnvelope,
  encodeEnvelope,
  openEnvelope,
  parseHeader,
  sealEnvelope,
  type MessageContent,
} from './envelope.ts';
import { E2eCryptoError } from './errors.ts';
import { signDeviceCert, TrustStore, encodeCredentialIdentity } from './identity.ts';
import { MlsDevice } from './mls/device.ts';
import type { CommitBundle, MlsGroup } from './mls/types.ts';
import { openLinkSecrets, sealLinkSecrets, type LinkContext, type LinkKeyPair } from './link.ts';
import type { E2eLinkTransport } from './link-transport.ts';
import type { RandomSource } from './random.ts';
import { secureRandom } from './random.ts';
import {
  formatRecoveryKey,
  generateRecoveryKey,
  openHistoryEntry,
  openSecretStore,
  parseRecoveryKey,
  RECOVERY_KEY_BYTES,
  sealHistoryEntry,
  sealSecretStore,
  secretStoreKey,
} from './recovery.ts';
import { decodeSessionState, encodeSessionState, type EpochKeys } from './session-state.ts';
import { E2eTransportError, type E2eTransport } from './transport.ts';

/** How many ordinary key packages a session keeps on the server (design 5.3 says 20 or more in production). */
export const KEY_PACKAGE_TARGET = 5;
/** How often a commit or a send is retried after losing a race before the session gives up. */
const MAX_ATTEMPTS = 5;
/** History entries per upload (the server takes up to 100; entries of big rooms are large). */
const BACKUP_BATCH = 25;
/** What open() returns: the content and the header facts the caller checks the server's copy against. */
export interface OpenedMessage {
  content: MessageContent;
  sender: { uid: string; did: string };
  /** The message id the sender sealed (bound into the key and signature). */
  msgId: string;
  /** The sender's clock when it sealed, ms since the epoch (informational). */
  ts: number;
  /** The epoch whose key opened it. */
  epoch: number;
}

/** What the server says about a message, which the envelope must agree with (SPEC E2E-37). */
export interface OpenExpectation {
  /** The id the server stores the ciphertext under. */
  msgId?: string;
  /** The user the server names as the sender. */
  senderUid?: string;
}

const codeOf = (error: unknown): string | undefined =>
  error instanceof E2eTransportError ? error.code : undefined;

/** A welcome's bytes; one that is not base64url is as damaged as one that does not decode. */
function welcomeBytes(data: string): Uint8Array {
  try {
    return fromB64url(data);
  } catch {
    throw new E2eCryptoError('e2e.malformed', 'welcome is not base64url');
  }
}

/** One device of one user, talking to the delivery service through a transport. */
export class E2eSession {
  readonly uid: string;
  readonly did: string;
  readonly device: MlsDevice;
  readonly #transport: E2eTransport;
  readonly #msk: Ed25519KeyPair;
  readonly #groups = new Map<string, MlsGroup>();
  /**
   * Per room and epoch this device was in: the content key and the signing keys of that epoch's member
   * devices (from the AS-validated ratchet tree, by `uid/did`), to read messages of a past epoch too.
   */
  readonly #epochs = new Map<string, Map<number, EpochKeys>>();
  /** Users whose master key on the server differs from the pinned one, until the person accepts (E2E-45). */
  readonly #identityChanges = new Map<string, { mskPub: Uint8Array; mskVersion: number }>();
  /** The backup key of history entries, once recovery is set up or used on this device (SPEC E2E-67). */
  #backupKey: Uint8Array | undefined;
  /** Per room, the epochs the server has an entry for (or refused for good): not sent again. */
  readonly #backedUp = new Map<string, Set<number>>();

  private constructor(
    uid: string,
    did: string,
    device: MlsDevice,
    transport: E2eTransport,
    msk: Ed25519KeyPair,
  ) {
    this.uid = uid;
    this.did = did;
    this.device = device;
    this.#transport = transport;
    this.#msk = msk;
  }

  /**
   * Registers a new device of `uid`: a fresh device signing key certified by the user's master key (a new one
   * unless `msk` is given, as for a user's second device), the master key pinned in its own trust store, the
   * device registered and its key package stock filled.
   */
  static async register(options: {
    uid: string;
    transport: E2eTransport;
    msk?: Ed25519KeyPair;
    did?: string;
    random?: RandomSource;
    now?: number;
    /**
     * The user's master key is lost (its devices were wiped at logout and there is no recovery yet): make a
     * new one and replace it on the server (SPEC E2E-21, E2E-45). Every old device is revoked; members see
     * the identity change and must accept it before this device is added anywhere.
     */
    resetIdentity?: boolean;
  }): Promise<E2eSession> {
    const random = options.random ?? secureRandom;
    const msk = options.msk ?? (await generateEd25519(random));
    const dsk = await generateEd25519(random);
    const did = options.did ?? `d_${toB64url(random(9))}`;
    let mskVersion = 1;
    if (options.resetIdentity) {
      const [current] = await options.transport.identities([options.uid]);
      if (current)
        mskVersion = (
          await options.transport.changeIdentity({
            mskPub: toB64url(msk.publicKey),
            fromVersion: current.mskVersion,
          })
        ).mskVersion;
    } else if (options.msk) {
      // A second device of the same user is certified under the version the server holds.
      const [current] = await options.transport.identities([options.uid]);
      mskVersion = current?.mskVersion ?? 1;
    }
    const cert = await signDeviceCert(msk.seed, {
      uid: options.uid,
      did,
      dskPub: dsk.publicKey,
      created: options.now ?? Date.now(),
      mskVersion,
    });
    const trust = new TrustStore();
    trust.pin(options.uid, msk.publicKey, mskVersion);
    const device = await MlsDevice.create({ uid: options.uid, did, dsk, cert }, trust, random);
    await options.transport.registerDevice({
      deviceId: did,
      cert: toB64url(encodeCredentialIdentity(cert)),
      mskPub: toB64url(msk.publicKey),
    });
    const session = new E2eSession(options.uid, did, device, options.transport, msk);
    await session.refillKeyPackages();
    return session;
  }

  /** The master key pair (a second device of the same user is certified by it). */
  get masterKey(): Ed25519KeyPair {
    return this.#msk;
  }

  /** The room's group as this device holds it, if it is in it. */
  group(roomId: string): MlsGroup | undefined {
    return this.#groups.get(roomId);
  }

  /**
   * Tops the device's stock on the server up to KEY_PACKAGE_TARGET ordinary key packages, plus a last resort
   * one if it has none. Returns how many were uploaded.
   */
  async refillKeyPackages(): Promise<number> {
    const stock = await this.#transport.keyPackageStock(this.did);
    const upload: { data: string; lastResort: boolean }[] = [];
    for (let i = stock.ordinary; i < KEY_PACKAGE_TARGET; i++)
      upload.push({ data: toB64url(await this.device.generateKeyPackage()), lastResort: false });
    if (!stock.lastResort)
      upload.push({
        data: toB64url(await this.device.generateKeyPackage({ lastResort: true })),
        lastResort: true,
      });
    if (upload.length > 0) await this.#transport.uploadKeyPackages(this.did, upload);
    return upload.length;
  }

  /**
   * Pins the master keys of these users on first sight (trust on first use). A user whose key differs from
   * the pinned one is never re-pinned silently: the change is kept for the person to accept
   * (`identityChanges`, `acceptIdentity`), and this throws `e2e.identity_changed` naming them (SPEC E2E-45),
   * so nothing about that user's devices is validated against a key nobody accepted.
   */
  async #pin(userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    for (const id of await this.#transport.identities(userIds)) {
      const key = fromB64url(id.mskPub);
      const pinned = this.device.trust.pinned(id.userId);
      if (!pinned) this.device.trust.pin(id.userId, key, id.mskVersion);
      else if (pinned.mskVersion === id.mskVersion && toB64url(pinned.mskPub) === id.mskPub)
        this.#identityChanges.delete(id.userId);
      else if (id.userId !== this.uid)
        this.#identityChanges.set(id.userId, { mskPub: key, mskVersion: id.mskVersion });
    }
    const changed = userIds.filter((u) => this.#identityChanges.has(u));
    if (changed.length > 0) throw new E2eCryptoError('e2e.identity_changed', changed.join(','));
  }

  /** The users whose master key changed since this device pinned it, waiting for the person to accept. */
  identityChanges(): string[] {
    return [...this.#identityChanges.keys()];
  }

  /**
   * The person accepts `uid`'s new master key (trust on first use again; verification comes with safety
   * numbers): it replaces the pin, so that user's new devices validate and their old ones no longer do.
   */
  acceptIdentity(uid: string): void {
    const change = this.#identityChanges.get(uid);
    if (!change) return;
    this.device.trust.replace(uid, change.mskPub, change.mskVersion);
    this.#identityChanges.delete(uid);
  }

  /**
   * Removes from the group the leaves of devices the server lists as revoked (an identity change revokes all
   * of a user's devices, E2E-21), so a tree handed to a new member holds no credential it would refuse.
   * Returns how many devices were removed.
   */
  async removeRevokedDevices(roomId: string): Promise<number> {
    let removed = 0;
    await this.#commit(roomId, async (group) => {
      const leaves = group.members();
      const revoked = new Set(
        (await this.#transport.devices([...new Set(leaves.map((m) => m.uid))]))
          .filter((d) => d.revoked)
          .map((d) => d.deviceId),
      );
      const gone = leaves.filter((m) => revoked.has(m.did) && m.did !== this.did).map((m) => m.did);
      removed = gone.length;
      return gone.length > 0 ? { bundle: await group.remove(gone) } : null;
    });
    return removed;
  }

  /** Remembers the current epoch's content key and the members' signing keys. */
  async #remember(roomId: string, group: MlsGroup): Promise<void> {
    if (!group.active) return;
    let epochs = this.#epochs.get(roomId);
    if (!epochs) this.#epochs.set(roomId, (epochs = new Map()));
    if (epochs.has(group.epoch)) return;
    const senders = new Map(group.members().map((m) => [`${m.uid}/${m.did}`, m.dskPub] as const));
    epochs.set(group.epoch, { contentKey: await group.contentKey(), senders });
  }

  #requireGroup(roomId: string): MlsGroup {
    const group = this.#groups.get(roomId);
    if (!group?.active) throw new E2eCryptoError('e2e.not_a_member', roomId);
    return group;
  }

  /**
   * Creates the room's MLS group on the server (epoch 0, this device alone), then adds the devices of every
   * other member of the room (SPEC E2E-30).
   */
  async createRoomGroup(roomId: string): Promise<MlsGroup> {
    const group = await this.device.createGroup(roomId);
    await this.#transport.createGroup(roomId, {
      groupId: toB64url(group.groupId),
      groupInfo: toB64url(await group.groupInfo()),
    });
    this.#groups.set(roomId, group);
    await this.#remember(roomId, group);
    await this.addMissingMembers(roomId);
    return group;
  }

  /**
   * Adds, in one commit, every unrevoked device of the room's members not yet in the group (one key package
   * claimed per device). Only users with such a device are claimed for, so a group already complete costs
   * no key package. Returns how many devices were added.
   */
  async addMissingMembers(roomId: string): Promise<number> {
    let added = 0;
    await this.#commit(roomId, async (group) => {
      const memberIds = await this.#transport.roomMemberIds(roomId);
      const inGroup = new Set(group.members().map((m) => m.did));
      const lacking = [
        ...new Set(
          (await this.#transport.devices(memberIds))
            .filter((d) => !d.revoked && !inGroup.has(d.deviceId))
            .map((d) => d.userId),
        ),
      ];
      added = 0;
      if (lacking.length === 0) return null;
      await this.#pin(lacking);
      const claimed = (await this.#transport.claimKeyPackages(lacking)).filter(
        (kp) => !inGroup.has(kp.deviceId),
      );
      added = claimed.length;
      if (claimed.length === 0) return null;
      const bundle = await group.add(claimed.map((kp) => fromB64url(kp.data)));
      return { bundle, welcomeTo: claimed.map((kp) => kp.deviceId) };
    });
    return added;
  }

  /**
   * A commit that survives races (SPEC E2E-32): `make` builds it on the current epoch; a lost
   * compare-and-set (`e2e.epoch_conflict`) applies the winners' commits, then `make` builds it again.
   * Returns the new epoch, or null when `make` found nothing to commit.
   */
  async #commit(
    roomId: string,
    make: (group: MlsGroup) => Promise<{ bundle: CommitBundle; welcomeTo?: string[] } | null>,
  ): Promise<number | null> {
    for (let attempt = 1; ; attempt++) {
      const group = this.#requireGroup(roomId);
      const made = await make(group);
      if (!made) return null;
      const { bundle, welcomeTo } = made;
      try {
        await this.#transport.submitCommit(roomId, {
          epoch: bundle.fromEpoch,
          commit: toB64url(bundle.commit),
          groupInfo: toB64url(bundle.groupInfo),
          ...(bundle.welcome && welcomeTo?.length
            ? { welcome: { data: toB64url(bundle.welcome), deviceIds: welcomeTo } }
            : {}),
        });
      } catch (error) {
        if (codeOf(error) !== 'e2e.epoch_conflict' || attempt >= MAX_ATTEMPTS) throw error;
        await this.catchUp(roomId);
        continue;
      }
      group.merge(bundle);
      await this.#remember(roomId, group);
      return group.epoch;
    }
  }

  /**
   * Applies the handshake log from the group's epoch on, in server order (SPEC E2E-31). Members' master keys
   * are pinned first, so added devices' credentials can be validated. Stops when a commit removed this device.
   */
  async catchUp(roomId: string): Promise<void> {
    const group = this.#groups.get(roomId);
    if (!group) return;
    for (;;) {
      if (!group.active) return;
      const page = await this.#transport.commitsSince(roomId, group.epoch);
      if (page.commits.length > 0) await this.#pin(await this.#transport.roomMemberIds(roomId));
      for (const c of page.commits) {
        if (c.epoch < group.epoch) continue;
        await group.processCommit(fromB64url(c.commit));
        await this.#remember(roomId, group);
        if (!group.active) return;
      }
      if (!page.hasMore) return;
    }
  }

  /**
   * Joins the groups this device was welcomed to (SPEC E2E-30, E2E-39): each welcome is opened with the key
   * package it names and the group catches up with later commits. A welcome is dropped on the server at the
   * next pass, once the room's group was already active when the pass began: the browser saves the state
   * between calls, so a device stopped before saving finds the welcome again. A welcome this device cannot
   * open (its key package is gone, or the welcome is damaged) is dropped, so it cannot block every later
   * pass. Refills the key package stock after a join. Returns the rooms joined.
   */
  async processWelcomes(): Promise<string[]> {
    const joined: string[] = [];
    const activeBefore = new Set(this.rooms());
    for (const w of await this.#transport.welcomes(this.did)) {
      if (activeBefore.has(w.roomId)) {
        await this.#transport.deleteWelcome(this.did, w.id);
        await this.catchUp(w.roomId);
        continue;
      }
      // Joined from another welcome in this pass: this one goes at the next pass.
      if (this.#groups.get(w.roomId)?.active) continue;
      await this.#pin(await this.#transport.roomMemberIds(w.roomId));
      let group: MlsGroup;
      try {
        group = await this.device.joinFromWelcome(w.roomId, welcomeBytes(w.data));
      } catch (error) {
        if (!(error instanceof E2eCryptoError)) throw error;
        await this.#transport.deleteWelcome(this.did, w.id);
        continue;
      }
      this.#groups.set(w.roomId, group);
      await this.#remember(w.roomId, group);
      joined.push(w.roomId);
      await this.catchUp(w.roomId);
    }
    if (joined.length > 0) await this.refillKeyPackages();
    return joined;
  }

  /**
   * A commit that brings the group back in line with the room (SPEC E2E-33): removes the devices of users who
   * are no longer members, or, if there are none, an empty commit with a fresh path. Returns the new epoch.
   */
  async rekey(roomId: string): Promise<number> {
    const epoch = await this.#commit(roomId, async (group) => {
      const members = new Set(await this.#transport.roomMemberIds(roomId));
      const gone = group
        .members()
        .filter((m) => !members.has(m.uid))
        .map((m) => m.did);
      return { bundle: gone.length > 0 ? await group.remove(gone) : await group.update() };
    });
    return epoch!;
  }

  /**
   * Seals `content` under the current epoch's content key and sends it (SPEC E2E-30). The server refuses a
   * stale epoch (then the session catches up and seals again) and refuses every message while a removal is
   * pending (then the session commits a rekey first, SPEC E2E-33). Returns the server's message id.
   */
  async send(roomId: string, content: MessageContent, msgId: string): Promise<string> {
    return this.#sealAndPost(roomId, content, msgId, async (body) => {
      const sent = await this.#transport.sendCiphertext(roomId, { id: msgId, ...body });
      return sent.id;
    });
  }

  /**
   * Seals an edited content under the same message id and the current epoch, and replaces the envelope
   * (SPEC E2E-43); the server refuses it as it refuses a send, and the session answers the same way.
   */
  async edit(roomId: string, msgId: string, content: MessageContent): Promise<void> {
    await this.#sealAndPost(roomId, content, msgId, (body) =>
      this.#transport.editCiphertext(roomId, msgId, body),
    );
  }

  /**
   * Seals `content` as message `msgId` under the group's current epoch and hands it to `post`; a refusal for
   * a stale epoch catches up, one for a pending removal catches up and rekeys, then it seals again.
   */
  async #sealAndPost<T>(
    roomId: string,
    content: MessageContent,
    msgId: string,
    post: (body: { epoch: number; deviceId: string; ciphertext: string }) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const group = this.#requireGroup(roomId);
      const envelope = await sealEnvelope({
        contentKey: await group.contentKey(),
        roomId,
        groupId: group.groupId,
        epoch: group.epoch,
        sender: { uid: this.uid, did: this.did },
        signingSeed: this.device.identity.dsk.seed,
        msgId,
        ts: Date.now(),
        content,
      });
      try {
        return await post({
          epoch: group.epoch,
          deviceId: this.did,
          ciphertext: toB64url(encodeEnvelope(envelope)),
        });
      } catch (error) {
        const code = codeOf(error);
        if (attempt >= MAX_ATTEMPTS) throw error;
        if (code === 'e2e.stale_epoch') await this.catchUp(roomId);
        else if (code === 'e2e.rekey_pending') {
          await this.catchUp(roomId);
          await this.rekey(roomId);
        } else throw error;
      }
    }
  }

  /**
   * Opens a received ciphertext (base64url, as the server delivers it): the epoch it names must be one this
   * device was in, its signature by a member device of that epoch (from the AS-validated tree), then the
   * room, group and AEAD. Throws an E2eCryptoError: `e2e.missing_epoch_key` for an epoch this device was
   * never in (e.g. after its removal, SPEC E2E-33), `e2e.unknown_sender` for a device not in that epoch.
   * `expect` is what the server says of the message: an envelope sealed for another message id or by
   * another user than the server names is `e2e.context_mismatch` (SPEC E2E-37), so the server cannot move
   * a genuine envelope onto another message or sender.
   */
  async open(roomId: string, ciphertext: string, expect?: OpenExpectation): Promise<OpenedMessage> {
    const group = this.#groups.get(roomId);
    if (!group) throw new E2eCryptoError('e2e.not_a_member', roomId);
    let bytes: Uint8Array;
    try {
      bytes = fromB64url(ciphertext);
    } catch {
      throw new E2eCryptoError('e2e.malformed', 'ciphertext is not base64url');
    }
    const envelope = decodeEnvelope(bytes);
    // The epoch decides both the key and who could have sent it (that epoch's member devices only).
    const epoch = parseHeader(envelope.hdr).epoch;
    const keys = this.#epochs.get(roomId)?.get(epoch);
    if (!keys) throw new E2eCryptoError('e2e.missing_epoch_key', `epoch ${epoch}`);
    const { header, content } = await openEnvelope(envelope, {
      roomId,
      groupId: group.groupId,
      contentKeyFor: (e) => (e === epoch ? keys.contentKey : undefined),
      senderKeyFor: (uid, did) => keys.senders.get(`${uid}/${did}`),
    });
    if (expect?.msgId !== undefined && expect.msgId !== header.msgId)
      throw new E2eCryptoError('e2e.context_mismatch', 'sealed for another message id');
    if (expect?.senderUid !== undefined && expect.senderUid !== header.sender.uid)
      throw new E2eCryptoError('e2e.context_mismatch', 'sealed by another sender');
    return { content, sender: header.sender, msgId: header.msgId, ts: header.ts, epoch: header.epoch };
  }

  /**
   * The whole device state as bytes (SPEC E2E-39, version 1): uid, did, the master key seed, the device
   * state (identity, trust pins, private key packages), every group's state and every epoch's content key
   * with that epoch's senders. Secret: the browser stores it only sealed under its device-local key
   * (at-rest.ts). Export between operations: a commit or send in flight is not part of it.
   */
  async exportState(): Promise<Uint8Array> {
    return encodeSessionState({
      uid: this.uid,
      did: this.did,
      mskSeed: this.#msk.seed,
      device: this.device.exportState(),
      groups: new Map([...this.#groups].map(([roomId, g]) => [roomId, g.exportState()])),
      epochs: this.#epochs,
      backupKey: this.#backupKey,
      backedUp: this.#backedUp,
    });
  }

  /**
   * A session from `exportState`'s bytes, talking through `transport`. Bytes that are cut, extended, altered
   * into something that does not decode, of an unknown version, or whose parts do not belong together (a
   * device of another user, a master key the device does not pin) are `e2e.malformed`.
   */
  static async restore(state: Uint8Array, transport: E2eTransport): Promise<E2eSession> {
    const parts = decodeSessionState(state);
    const fail = (why: string) => new E2eCryptoError('e2e.malformed', `session state: ${why}`);
    const device = await MlsDevice.restore(parts.device);
    if (device.identity.uid !== parts.uid || device.identity.did !== parts.did)
      throw fail('device of another user');
    const msk = await ed25519FromSeed(parts.mskSeed);
    const ownPin = device.trust.pinned(parts.uid);
    if (!ownPin || !bytesEqual(ownPin.mskPub, msk.publicKey)) throw fail('master key not pinned');
    const session = new E2eSession(parts.uid, parts.did, device, transport, msk);
    for (const [roomId, group] of parts.groups)
      session.#groups.set(roomId, device.restoreGroup(roomId, group));
    for (const [roomId, epochs] of parts.epochs) session.#epochs.set(roomId, epochs);
    session.#backupKey = parts.backupKey;
    for (const [roomId, epochs] of parts.backedUp ?? []) session.#backedUp.set(roomId, epochs);
    return session;
  }

  /** The rooms whose group this device is an active member of. */
  rooms(): string[] {
    return [...this.#groups].filter(([, g]) => g.active).map(([id]) => id);
  }

  /**
   * Brings this device in line with the room (SPEC E2E-38): joins from waiting welcomes; if the server has no
   * group yet, creates it (adding every member's devices); if it has one this device is in, catches up,
   * commits a pending removal and adds member devices missing from it. `waiting`: the group exists but this
   * device is not in it yet (a member's device must add it). Two devices racing to create the group: the
   * loser is refused with `e2e.group_exists` and waits for the winner's welcome.
   */
  async syncRoom(roomId: string): Promise<'ready' | 'waiting'> {
    await this.processWelcomes();
    const server = await this.#transport.groupState(roomId);
    if (!server) {
      try {
        await this.createRoomGroup(roomId);
        await this.backupHistory();
        return 'ready';
      } catch (error) {
        if (codeOf(error) !== 'e2e.group_exists') throw error;
        await this.processWelcomes();
        return this.#groups.get(roomId)?.active ? 'ready' : 'waiting';
      }
    }
    if (!this.#groups.get(roomId)?.active) return 'waiting';
    await this.catchUp(roomId);
    // A commit in the log may have removed this device; then it waits to be added again like a new one.
    if (!this.#groups.get(roomId)?.active) return 'waiting';
    // Any commit clears the server's pending removal, so the removal goes first, not an add that skips it.
    if (server.rekeyPending) await this.rekey(roomId);
    await this.removeRevokedDevices(roomId);
    await this.addMissingMembers(roomId);
    await this.backupHistory();
    return 'ready';
  }

  /**
   * Every secret this session holds, raw: the master and device private keys and each content key. Only for
   * the "server never sees it" scan of the tests (SPEC E2E-34); nothing else has a use for it.
   */
  secretsForScan(): Uint8Array[] {
    const out = [this.#msk.seed, this.device.identity.dsk.seed];
    if (this.#backupKey) out.push(this.#backupKey);
    for (const epochs of this.#epochs.values()) for (const e of epochs.values()) out.push(e.contentKey);
    return out;
  }

  /** Whether this device holds the backup key, so it backs up the epochs it sees (SPEC E2E-67). */
  get backsUpHistory(): boolean {
    return this.#backupKey !== undefined;
  }

  /**
   * Sets up recovery (SPEC E2E-67): makes the backup key if this device has none, seals the master key seed
   * and the backup key under a new recovery key into the secret store (replacing the one on the server, if
   * any: the old recovery key stops working), backs up every epoch this device remembers, and returns the
   * recovery key's text, to show the person once. Nothing else keeps it.
   */
  async setupRecovery(random: RandomSource = secureRandom): Promise<string> {
    const fromVersion = (await this.#transport.secretStore())?.version ?? 0;
    this.#backupKey ??= random(RECOVERY_KEY_BYTES);
    const rk = generateRecoveryKey(random);
    const blob = await sealSecretStore(await secretStoreKey(rk, this.uid), this.uid, fromVersion + 1, {
      mskSeed: this.#msk.seed,
      backupKey: this.#backupKey,
      created: Date.now(),
    });
    await this.#transport.putSecretStore({ fromVersion, blob: toB64url(blob) });
    await this.backupHistory();
    return formatRecoveryKey(rk);
  }

  /**
   * Uploads a history entry for every remembered epoch the server does not have yet (SPEC E2E-67), in
   * batches; nothing without a backup key. Best effort: a failed upload stops here and the rest is tried at
   * the next call (each sync calls it). Returns how many entries the server newly stored.
   */
  async backupHistory(): Promise<number> {
    const bk = this.#backupKey;
    if (!bk) return 0;
    const pending: { roomId: string; epoch: number; blob: string }[] = [];
    for (const [roomId, epochs] of this.#epochs) {
      const group = this.#groups.get(roomId);
      if (!group) continue;
      const done = this.#backedUp.get(roomId);
      for (const [epoch, keys] of epochs) {
        if (done?.has(epoch)) continue;
        const context = { uid: this.uid, roomId, groupId: group.groupId, epoch };
        pending.push({ roomId, epoch, blob: toB64url(await sealHistoryEntry(bk, context, keys)) });
      }
    }
    let stored = 0;
    for (let at = 0; at < pending.length; at += BACKUP_BATCH) {
      const batch = pending.slice(at, at + BACKUP_BATCH);
      let answer: { stored: number; refused: string[] };
      try {
        answer = await this.#transport.putHistoryKeys(batch);
      } catch {
        return stored;
      }
      stored += answer.stored;
      // A refused room (left, or not encrypted) is done too: offering it again would be refused again.
      for (const e of batch) {
        let done = this.#backedUp.get(e.roomId);
        if (!done) this.#backedUp.set(e.roomId, (done = new Set()));
        done.add(e.epoch);
      }
    }
    return stored;
  }

  /**
   * A new device of `uid` from the recovery key (SPEC E2E-68): the typed key is checked (a typo is
   * `e2e.recovery_key_invalid`), opens the secret store (a wrong key is `e2e.recovery_key_wrong`), and the
   * master key in it certifies a new device, so there is no identity change: members' devices add it as any
   * new device of the user. The session keeps the backup key, for restoreHistory. The server is told, for
   * its audit. A store whose master key is no longer the user's (an identity reset since) is
   * `e2e.recovery_key_wrong` too: that key can no longer restore anything.
   */
  static async recover(options: {
    uid: string;
    recoveryKey: string;
    transport: E2eTransport;
    did?: string;
    random?: RandomSource;
    now?: number;
  }): Promise<E2eSession> {
    const rk = parseRecoveryKey(options.recoveryKey);
    const store = await options.transport.secretStore();
    if (!store) throw new E2eTransportError('e2e.secret_store_not_found');
    let blob: Uint8Array;
    try {
      blob = fromB64url(store.blob);
    } catch {
      throw new E2eCryptoError('e2e.malformed', 'secret store is not base64url');
    }
    const ssk = await secretStoreKey(rk, options.uid);
    const content = await openSecretStore(ssk, options.uid, store.version, blob);
    const msk = await ed25519FromSeed(content.mskSeed);
    const [current] = await options.transport.identities([options.uid]);
    if (current && current.mskPub !== toB64url(msk.publicKey))
      throw new E2eCryptoError('e2e.recovery_key_wrong', 'the store holds a master key that was replaced');
    const session = await E2eSession.register({
      uid: options.uid,
      transport: options.transport,
      msk,
      ...(options.did ? { did: options.did } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    session.#backupKey = content.backupKey;
    try {
      await options.transport.recoveryUsed({ deviceId: session.did, version: store.version });
    } catch {
      // The audit line is the server's record, not a step of recovery: the device works without it.
    }
    return session;
  }

  /**
   * The existing device's half of adding a device (SPEC E2E-101): this session's master key seed, and its
   * backup key if it has one, sealed to the new device's ephemeral key under `own` ephemeral pair. `secret`:
   * the QR secret when the new device's key was scanned from its screen (not learnt from the server).
   */
  async sealForLink(own: LinkKeyPair, context: LinkContext, secret?: Uint8Array): Promise<Uint8Array> {
    if (context.uid !== this.uid) throw new E2eCryptoError('e2e.link_wrong_user', context.uid);
    return sealLinkSecrets(own, context, secret, {
      mskSeed: this.#msk.seed,
      ...(this.#backupKey ? { backupKey: this.#backupKey } : {}),
    });
  }

  /**
   * A new device of `uid` from another device's answer (SPEC E2E-102), shaped like `recover`: the sealed
   * secrets must open under this device's ephemeral key and the transcript (`e2e.link_failed` otherwise: a
   * swapped key, a wrong QR secret), the master key in them must be the user's current one
   * (`e2e.link_wrong_identity` after an identity reset), and it certifies a new device, so there is no
   * identity change for contacts. The backup key, when the other device had one, is kept for restoreHistory.
   * The relay is told the link was used, for the server's audit.
   */
  static async link(options: {
    uid: string;
    linkId: string;
    /** This (new) device's ephemeral pair. */
    keys: LinkKeyPair;
    /** The existing device's ephemeral public key, as the relay gave it. */
    existingPub: Uint8Array;
    sealed: Uint8Array;
    /** The QR secret, when the other device answered as having scanned it. */
    secret?: Uint8Array;
    transport: E2eTransport;
    relay: Pick<E2eLinkTransport, 'linkUsed'>;
    did?: string;
    random?: RandomSource;
    now?: number;
  }): Promise<E2eSession> {
    const context = {
      uid: options.uid,
      linkId: options.linkId,
      newPub: options.keys.publicKey,
      existingPub: options.existingPub,
    };
    const secrets = await openLinkSecrets(options.keys, context, options.secret, options.sealed);
    const msk = await ed25519FromSeed(secrets.mskSeed);
    const [current] = await options.transport.identities([options.uid]);
    if (!current || current.mskPub !== toB64url(msk.publicKey))
      throw new E2eCryptoError('e2e.link_wrong_identity', 'the master key is not the current one');
    const session = await E2eSession.register({
      uid: options.uid,
      transport: options.transport,
      msk,
      ...(options.did ? { did: options.did } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    session.#backupKey = secrets.backupKey;
    try {
      await options.relay.linkUsed(options.linkId, { deviceId: session.did });
    } catch {
      // The audit line is the server's record, not a step of linking: the device works without it.
    }
    return session;
  }

  /**
   * Reads the room's history entries and adds the keys of every epoch this device was not in (SPEC E2E-68),
   * so messages sent before it joined open. An entry that does not open under the backup key for exactly
   * this user, room, group and epoch is skipped (the server cannot inject keys). Needs the room's group (this
   * device must have been added first) and the backup key. Returns how many epochs were added.
   */
  async restoreHistory(roomId: string): Promise<number> {
    const bk = this.#backupKey;
    const group = this.#groups.get(roomId);
    if (!group) throw new E2eCryptoError('e2e.not_a_member', roomId);
    if (!bk) return 0;
    let epochs = this.#epochs.get(roomId);
    if (!epochs) this.#epochs.set(roomId, (epochs = new Map()));
    let done = this.#backedUp.get(roomId);
    if (!done) this.#backedUp.set(roomId, (done = new Set()));
    let added = 0;
    for (let after = -1; ;) {
      const page = await this.#transport.historyKeys(roomId, after);
      for (const entry of page.entries) {
        after = Math.max(after, entry.epoch);
        done.add(entry.epoch);
        if (epochs.has(entry.epoch)) continue;
        const context = { uid: this.uid, roomId, groupId: group.groupId, epoch: entry.epoch };
        try {
          epochs.set(entry.epoch, await openHistoryEntry(bk, context, fromB64url(entry.blob)));
          added++;
        } catch {
          // Not ours to use (a server's own entry, or one moved from elsewhere): that epoch stays unreadable.
          done.delete(entry.epoch);
        }
      }
      if (!page.hasMore || page.entries.length === 0) return added;
    }
  }
}
