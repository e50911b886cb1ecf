/**
 * The encoding of E2eSession.exportState (SPEC E2E-39): who the session is, its master key seed, the device
 * state (MlsDevice.exportState), every group's state and every epoch's keys; version 2 appends the backup key
 * and which epochs are backed up (SPEC E2E-67), and version 1 bytes still read (as a session without them).
 * Only the bytes are here; E2eSession.restore checks that the decoded parts belong together.
 */
import { StateReader, StateWriter } from './state-codec.ts';

const SESSION_STATE_MAGIC = 'E2ES';
const SESSION_STATE_VERSION = 2;

/** What a device keeps of one epoch of one room. */
export interface EpochKeys {
  /** The epoch's content key E (32 bytes). */
  contentKey: Uint8Array;
  /** The signing keys of that epoch's member devices, by `uid/did`. */
  senders: Map<string, Uint8Array>;
}

/** A session's state, decoded. */
export interface SessionStateParts {
  uid: string;
  did: string;
  /** The master key's 32-byte seed. */
  mskSeed: Uint8Array;
  /** MlsDevice.exportState's bytes. */
  device: Uint8Array;
  /** Each room's MlsGroup.exportState bytes. */
  groups: Map<string, Uint8Array>;
  /** Per room, per epoch, that epoch's keys. */
  epochs: Map<string, Map<number, EpochKeys>>;
  /** The backup key of history entries, once recovery is set up or used (version 2). */
  backupKey?: Uint8Array | undefined;
  /** Per room, the epochs whose entry the server has (or refused for good), not to be sent again (version 2). */
  backedUp?: Map<string, Set<number>>;
}

/**
 * magic ‖ version ‖ uid ‖ did ‖ msk seed ‖ device ‖ groups ‖ epochs ‖ (v2) bool ‖ [backup key] ‖ backed-up
 * epochs per room; every field length-prefixed. `version` 1 writes the old format (tests of old bytes only).
 */
export function encodeSessionState(parts: SessionStateParts, version = SESSION_STATE_VERSION): Uint8Array {
  const w = new StateWriter()
    .header(SESSION_STATE_MAGIC, version)
    .str(parts.uid)
    .str(parts.did)
    .bytes(parts.mskSeed)
    .bytes(parts.device)
    .list(parts.groups, (w, [roomId, group]) => w.str(roomId).bytes(group))
    .list(parts.epochs, (w, [roomId, epochs]) =>
      w.str(roomId).list(epochs, (w, [epoch, keys]) =>
        w
          .u64(epoch)
          .bytes(keys.contentKey)
          .list(keys.senders, (w, [sender, dskPub]) => w.str(sender).bytes(dskPub)),
      ),
    );
  if (version === 1) return w.finish();
  w.bool(parts.backupKey !== undefined);
  if (parts.backupKey) w.bytes(parts.backupKey);
  return w
    .list(parts.backedUp ?? new Map<string, Set<number>>(), (w, [roomId, epochs]) =>
      w.str(roomId).list(epochs, (w, epoch) => w.u64(epoch)),
    )
    .finish();
}

/** The parts of encodeSessionState's bytes; anything else (including a room or epoch twice) is `e2e.malformed`. */
export function decodeSessionState(state: Uint8Array): SessionStateParts {
  const r = new StateReader(state, 'session state');
  const version = r.headerOf(SESSION_STATE_MAGIC, [1, SESSION_STATE_VERSION]);
  const uid = r.str();
  const did = r.str();
  const mskSeed = r.bytes(32);
  const device = r.bytes();
  const groups = new Map<string, Uint8Array>();
  r.list((r) => {
    const roomId = r.str();
    if (groups.has(roomId)) throw r.fail('a room twice');
    groups.set(roomId, r.bytes());
  });
  const epochs = new Map<string, Map<number, EpochKeys>>();
  r.list((r) => {
    const roomId = r.str();
    if (epochs.has(roomId)) throw r.fail('a room twice');
    const room = new Map<number, EpochKeys>();
    r.list((r) => {
      const epoch = r.u64();
      if (room.has(epoch)) throw r.fail('an epoch twice');
      const contentKey = r.bytes(32);
      const senders = new Map<string, Uint8Array>();
      r.list((r) => senders.set(r.str(), r.bytes()));
      room.set(epoch, { contentKey, senders });
    });
    epochs.set(roomId, room);
  });
  let backupKey: Uint8Array | undefined;
  const backedUp = new Map<string, Set<number>>();
  if (version >= 2) {
    if (r.bool()) backupKey = r.bytes(32);
    r.list((r) => {
      const roomId = r.str();
      if (backedUp.has(roomId)) throw r.fail('a room twice');
      backedUp.set(roomId, new Set(r.list((r) => r.u64())));
    });
  }
  r.end();
  return { uid, did, mskSeed, device, groups, epochs, backupKey, backedUp };
}
