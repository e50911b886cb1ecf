/**
 * The encoding of E2eSession.exportState (SPEC E2E-39, version 1): who the session is, its master key seed,
 * the device state (MlsDevice.exportState), every group's state and every epoch's keys. Only the bytes are
 * here; E2eSession.restore checks that the decoded parts belong together.
 */
import { StateReader, StateWriter } from './state-codec.ts';

const SESSION_STATE_MAGIC = 'E2ES';
const SESSION_STATE_VERSION = 1;

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
}

/** magic ‖ version ‖ uid ‖ did ‖ msk seed ‖ device ‖ groups ‖ epochs; every field length-prefixed. */
export function encodeSessionState(parts: SessionStateParts): Uint8Array {
  return new StateWriter()
    .header(SESSION_STATE_MAGIC, SESSION_STATE_VERSION)
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
    )
    .finish();
}

/** The parts of encodeSessionState's bytes; anything else (including a room or epoch twice) is `e2e.malformed`. */
export function decodeSessionState(state: Uint8Array): SessionStateParts {
  const r = new StateReader(state, 'session state');
  r.header(SESSION_STATE_MAGIC, SESSION_STATE_VERSION);
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
  r.end();
  return { uid, did, mskSeed, device, groups, epochs };
}
