/**
 * What E2eSession needs from the server (decision 0007): the delivery service's calls (SPEC E2E-20..E2E-28),
 * implemented by the web client over fetch and the socket and by the server's tests over its harness.
 */

/** A refusal of the delivery service, by its stable error code (e.g. `e2e.epoch_conflict`). */
export class E2eTransportError extends Error {
  readonly code: string;
  constructor(code: string, message: string = code) {
    super(message);
    this.name = 'E2eTransportError';
    this.code = code;
  }
}

/** One commit of the server's handshake log: made at `epoch`, opaque bytes as base64url. */
export interface TransportCommit {
  epoch: number;
  commit: string;
}

/**
 * The server calls the session needs (the routes of SPEC E2E-20..E2E-28). Opaque objects are base64url
 * strings, as on the wire (decision 0006). A refusal is thrown as an `E2eTransportError` with the server's code.
 */
export interface E2eTransport {
  registerDevice(body: { deviceId: string; cert: string; mskPub: string }): Promise<void>;
  /**
   * Replaces my master key (SPEC E2E-21): the server revokes all my devices; `fromVersion` must be the version
   * it holds (else `e2e.identity_stale`).
   */
  changeIdentity(body: { mskPub: string; fromVersion: number }): Promise<{ mskVersion: number }>;
  /** Master keys of these users (to pin before their devices' credentials are validated). */
  identities(userIds: string[]): Promise<{ userId: string; mskPub: string; mskVersion: number }[]>;
  /** The registered devices of these users (revoked ones flagged), to add only the devices a group lacks. */
  devices(userIds: string[]): Promise<{ userId: string; deviceId: string; revoked: boolean }[]>;
  /** How many unused key packages one of my devices has on the server. */
  keyPackageStock(deviceId: string): Promise<{ ordinary: number; lastResort: boolean }>;
  uploadKeyPackages(
    deviceId: string,
    keyPackages: { data: string; lastResort: boolean }[],
  ): Promise<{ ordinary: number; lastResort: boolean }>;
  claimKeyPackages(userIds: string[]): Promise<{ userId: string; deviceId: string; data: string }[]>;
  /** The room's current member user ids. */
  roomMemberIds(roomId: string): Promise<string[]>;
  /** Throws `e2e.group_exists` when another device created the room's group first. */
  createGroup(roomId: string, body: { groupId: string; groupInfo: string }): Promise<void>;
  /** The room's group as the server knows it, or null when the room has none yet (SPEC E2E-38). */
  groupState(roomId: string): Promise<{ epoch: number; rekeyPending: boolean } | null>;
  /** Throws `e2e.epoch_conflict` when another commit won the epoch. */
  submitCommit(
    roomId: string,
    body: {
      epoch: number;
      commit: string;
      groupInfo: string;
      welcome?: { data: string; deviceIds: string[] };
    },
  ): Promise<{ epoch: number }>;
  commitsSince(
    roomId: string,
    since: number,
  ): Promise<{ currentEpoch: number; commits: TransportCommit[]; hasMore: boolean }>;
  welcomes(deviceId: string): Promise<{ id: string; roomId: string; epoch: number; data: string }[]>;
  deleteWelcome(deviceId: string, welcomeId: string): Promise<void>;
  /** Throws `e2e.stale_epoch` or `e2e.rekey_pending` when the server refuses the epoch. */
  sendCiphertext(
    roomId: string,
    body: { id: string; epoch: number; deviceId: string; ciphertext: string },
  ): Promise<{ id: string }>;
  /** Replaces my message's envelope with an edited one; same refusals as sendCiphertext (SPEC E2E-43). */
  editCiphertext(
    roomId: string,
    messageId: string,
    body: { epoch: number; deviceId: string; ciphertext: string },
  ): Promise<void>;
  /** My secret store (SPEC E2E-63), or null when recovery was never set up. */
  secretStore(): Promise<{ version: number; blob: string } | null>;
  /** Stores my secret store as `fromVersion + 1`; throws `e2e.secret_store_stale` if it moved meanwhile. */
  putSecretStore(body: { fromVersion: number; blob: string }): Promise<{ version: number }>;
  /** Tells the server (for its audit) that this device was set up from the recovery key. */
  recoveryUsed(body: { deviceId: string; version: number }): Promise<void>;
  /** Keeps history entries (SPEC E2E-64); rooms that are not mine to back up come back as `refused`. */
  putHistoryKeys(
    entries: { roomId: string; epoch: number; blob: string }[],
  ): Promise<{ stored: number; refused: string[] }>;
  /** My history entries of a room, epochs above `after` (SPEC E2E-65). */
  historyKeys(
    roomId: string,
    after: number,
  ): Promise<{ entries: { epoch: number; blob: string }[]; hasMore: boolean }>;
}
