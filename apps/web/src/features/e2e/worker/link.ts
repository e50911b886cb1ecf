/**
 * Adding a device from another device, in the worker (SPEC E2E-100..E2E-108, design 5.6 (i)). The ephemeral
 * keys, the QR secret and the sealed secrets stay here; the page gets the QR text (which it shows), the
 * 8-digit code (which the person compares) and where the link stands.
 */
import {
  decodeLinkQr,
  E2eCryptoError,
  E2eSession,
  encodeLinkQr,
  fromB64url,
  generateLinkKeyPair,
  generateLinkSecret,
  linkCode,
  linkCommitment,
  toB64url,
  type E2eLinkTransport,
  type E2eTransport,
  type LinkKeyPair,
  type RelayLink,
} from '@messenger/e2e-crypto';
import { E2eRpcError, type E2eHandlers, type LinkView, type StartResult } from './rpc.ts';

export interface LinkDeps {
  /** The relay and the transport (functions: the worker builds them after its handlers). */
  relay: () => E2eLinkTransport;
  transport: () => E2eTransport;
  /** The started device's session, or null before start. */
  session: () => E2eSession | null;
  /** New device: takes the device lock and store, answers false when another tab holds them. */
  canAdopt: (uid: string) => Promise<boolean>;
  /** New device: keeps the linked session as this browser's device. */
  adopt: (uid: string, session: E2eSession) => Promise<StartResult>;
  setCsrf: (token: string | null) => void;
}

/** The new device's side of its one open link. */
interface Offer {
  uid: string;
  linkId: string;
  keys: LinkKeyPair;
  secret: Uint8Array;
  revealed: boolean;
  existingPub: Uint8Array | null;
}

/**
 * The existing device's side of links it accepted: its ephemeral pair per link, as a promise so that two
 * calls at once (two views of one request) give the key once.
 */
const answering = new Map<string, Promise<LinkKeyPair>>();
let offer: Offer | null = null;
/** A link being opened: calls at the same moment share it rather than open two requests. */
let beginning: Promise<{ linkId: string; qr: string }> | null = null;

const pub = (b64: string | null) => (b64 ? fromB64url(b64) : null);

export function linkHandlers(
  d: LinkDeps,
): Pick<E2eHandlers, 'linkBegin' | 'linkPoll' | 'linkPending' | 'linkRespond' | 'linkScan'> {
  const mine = () => {
    const s = d.session();
    if (!s) throw new E2eRpcError('device.stopped', 'the device is not started');
    return s;
  };

  /** The existing device's view of a link: the code once the new device's key is revealed and checked. */
  const existingView = async (link: RelayLink): Promise<LinkView> => {
    const own = await answering.get(link.id)?.catch(() => undefined);
    if (link.stage !== 'revealed' || !own || !link.newPub) return { stage: link.stage, code: null };
    const newPub = fromB64url(link.newPub);
    // The key must be the one committed to before this device gave its own (E2E-104).
    if ((await linkCommitment(newPub)) !== link.commitment)
      throw new E2eCryptoError('e2e.link_failed', 'the revealed key is not the committed one');
    const s = mine();
    const code = await linkCode(own, { uid: s.uid, linkId: link.id, newPub, existingPub: own.publicKey });
    return { stage: link.stage, code };
  };

  return {
    async linkBegin({ uid, csrfToken }) {
      d.setCsrf(csrfToken);
      if (d.session()) throw new E2eRpcError('device.internal', 'the device is already started');
      beginning ??= (async () => {
        const keys = await generateLinkKeyPair();
        const secret = generateLinkSecret();
        const link = await d.relay().createLink({ commitment: await linkCommitment(keys.publicKey) });
        offer = { uid, linkId: link.id, keys, secret, revealed: false, existingPub: null };
        return {
          linkId: link.id,
          qr: encodeLinkQr({ uid, linkId: link.id, publicKey: keys.publicKey, secret }),
        };
      })().finally(() => (beginning = null));
      return beginning;
    },

    async linkPoll({ linkId }) {
      const o = offer;
      if (!o || o.linkId !== linkId) throw new E2eRpcError('e2e.link_not_found');
      const s = d.session();
      if (s) return { stage: 'ready', code: null, deviceId: s.did };
      let link = await d.relay().link(linkId);
      if (link.stage === 'accepted' && !o.revealed) {
        // The other device's key is in: reveal ours (committed to at the start) and show the code.
        o.existingPub = pub(link.existingPub);
        link = await d.relay().revealLink(linkId, { pub: toB64url(o.keys.publicKey) });
        o.revealed = true;
      }
      if (link.stage === 'answered') {
        if (!(await d.canAdopt(o.uid))) throw new E2eRpcError('device.elsewhere');
        const session = await E2eSession.link({
          uid: o.uid,
          linkId,
          keys: o.keys,
          existingPub: fromB64url(link.existingPub!),
          sealed: fromB64url(link.sealed!),
          ...(link.mode === 'qr' ? { secret: o.secret } : {}),
          transport: d.transport(),
          relay: d.relay(),
        });
        offer = null;
        const started = await d.adopt(o.uid, session);
        return started.status === 'ready'
          ? { stage: 'ready', code: null, deviceId: started.deviceId }
          : { stage: 'answered', code: null };
      }
      const existingPub = o.existingPub ?? pub(link.existingPub);
      const code =
        o.revealed && existingPub
          ? await linkCode(o.keys, {
              uid: o.uid,
              linkId,
              newPub: o.keys.publicKey,
              existingPub,
            })
          : null;
      return { stage: link.stage, code };
    },

    async linkPending() {
      mine();
      const link = await d.relay().pendingLink();
      // This tab's own request is not one to answer here.
      if (!link || link.id === offer?.linkId) return null;
      return { linkId: link.id };
    },

    async linkRespond({ linkId, action }) {
      const s = mine();
      if (action === 'refuse') {
        answering.delete(linkId);
        return { stage: (await d.relay().refuseLink(linkId)).stage, code: null };
      }
      if (action === 'accept') {
        let accepting = answering.get(linkId);
        if (!accepting) {
          accepting = (async () => {
            const own = await generateLinkKeyPair();
            await d.relay().acceptLink(linkId, { pub: toB64url(own.publicKey) });
            return own;
          })();
          answering.set(linkId, accepting);
          // A refused accept (another device was first) is not kept: this device never gave a key.
          accepting.catch(() => answering.delete(linkId));
        }
        await accepting;
        return existingView(await d.relay().link(linkId));
      }
      const link = await d.relay().link(linkId);
      const view = await existingView(link);
      if (action === 'check' || !view.code) return view;
      // confirm: the person saw the same code on both screens.
      const own = (await answering.get(linkId))!;
      const newPub = fromB64url(link.newPub!);
      const sealed = await s.sealForLink(own, { uid: s.uid, linkId, newPub, existingPub: own.publicKey });
      const answered = await d.relay().answerLink(linkId, {
        pub: toB64url(own.publicKey),
        sealed: toB64url(sealed),
        mode: 'code',
      });
      answering.delete(linkId);
      return { stage: answered.stage, code: null };
    },

    async linkScan({ payload }) {
      const s = mine();
      const scanned = decodeLinkQr(payload);
      if (scanned.uid !== s.uid) throw new E2eCryptoError('e2e.link_wrong_user', scanned.uid);
      const own = await generateLinkKeyPair();
      const context = {
        uid: s.uid,
        linkId: scanned.linkId,
        newPub: scanned.publicKey,
        existingPub: own.publicKey,
      };
      const sealed = await s.sealForLink(own, context, scanned.secret);
      await d.relay().answerLink(scanned.linkId, {
        pub: toB64url(own.publicKey),
        sealed: toB64url(sealed),
        mode: 'qr',
      });
      return null;
    },
  };
}
