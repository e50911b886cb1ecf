/**
 * The encoding of MlsDevice.exportState (SPEC E2E-39, version 1): the device's identity, its trust store's
 * pins and revocations, and its unused key packages with their private keys. Only the bytes are here;
 * MlsDevice.restore checks that the decoded parts belong together.
 */
import { StateReader, StateWriter } from '../state-codec.ts';

const DEVICE_STATE_MAGIC = 'E2ED';
const DEVICE_STATE_VERSION = 1;

/** A device's state, decoded (opaque pieces stay bytes: the certificate and the encoded key packages). */
export interface DeviceStateParts {
  uid: string;
  did: string;
  /** The DSK's 32-byte seed and public key. */
  dskSeed: Uint8Array;
  dskPub: Uint8Array;
  /** The MLS credential identity: certificate and its master key signature. */
  credential: Uint8Array;
  pins: { uid: string; mskPub: Uint8Array; mskVersion: number }[];
  revoked: { uid: string; did: string }[];
  /**
   * Each unused key package: the encoded KeyPackage and its init and HPKE private keys (its signature
   * private key is the DSK seed itself, so it is not written twice).
   */
  keyPackages: {
    keyPackage: Uint8Array;
    initPrivateKey: Uint8Array;
    hpkePrivateKey: Uint8Array;
    lastResort: boolean;
  }[];
}

/** magic ‖ version ‖ uid ‖ did ‖ seed ‖ pub ‖ credential ‖ pins ‖ revoked ‖ key packages. */
export function encodeDeviceState(parts: DeviceStateParts): Uint8Array {
  return new StateWriter()
    .header(DEVICE_STATE_MAGIC, DEVICE_STATE_VERSION)
    .str(parts.uid)
    .str(parts.did)
    .bytes(parts.dskSeed)
    .bytes(parts.dskPub)
    .bytes(parts.credential)
    .list(parts.pins, (w, p) => w.str(p.uid).bytes(p.mskPub).u32(p.mskVersion))
    .list(parts.revoked, (w, r) => w.str(r.uid).str(r.did))
    .list(parts.keyPackages, (w, kp) =>
      w.bytes(kp.keyPackage).bytes(kp.initPrivateKey).bytes(kp.hpkePrivateKey).bool(kp.lastResort),
    )
    .finish();
}

/** The parts of encodeDeviceState's bytes; anything else is `e2e.malformed`. */
export function decodeDeviceState(state: Uint8Array): DeviceStateParts {
  const r = new StateReader(state, 'device state');
  r.header(DEVICE_STATE_MAGIC, DEVICE_STATE_VERSION);
  const parts: DeviceStateParts = {
    uid: r.str(),
    did: r.str(),
    dskSeed: r.bytes(32),
    dskPub: r.bytes(32),
    credential: r.bytes(),
    pins: r.list((r) => ({ uid: r.str(), mskPub: r.bytes(), mskVersion: r.u32() })),
    revoked: r.list((r) => ({ uid: r.str(), did: r.str() })),
    keyPackages: r.list((r) => ({
      keyPackage: r.bytes(),
      initPrivateKey: r.bytes(),
      hpkePrivateKey: r.bytes(),
      lastResort: r.bool(),
    })),
  };
  r.end();
  return parts;
}
