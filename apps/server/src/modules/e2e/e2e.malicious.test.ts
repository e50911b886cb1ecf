/**
 * A dishonest server (design e2e.md 6.4, SPEC E2E-83..E2E-88): the real server over SQLite and PostgreSQL,
 * with the lies told either by an "evil" transport (httpTransport over the harness, its answers rewritten)
 * or by direct writes to the database, where the server itself would be the liar. Every lie must be caught
 * by the client core as a typed E2eCryptoError, with nothing applied: the epoch and members unchanged,
 * nothing decrypted.
 */
import { randomUUID } from 'node:crypto';
import {
  E2eCryptoError,
  E2eSession,
  MlsDevice,
  TrustStore,
  decodeEnvelope,
  encodeEnvelope,
  fromB64url,
  generateEd25519,
  safetyNumber,
  sealEnvelope,
  signDeviceCert,
  toB64url,
  type E2eTransport,
} from '@messenger/e2e-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, type Actor, type TestApp } from '../../test/harness.ts';
import { harnessTransport } from '../../test/e2e-transport.ts';
import { realtimeSuite } from '../../test/sockets.ts';

type Identities = Awaited<ReturnType<E2eTransport['identities']>>;
type Claimed = Awaited<ReturnType<E2eTransport['claimKeyPackages']>>;
type Devices = Awaited<ReturnType<E2eTransport['devices']>>;

/** What the evil server rewrites in its answers to one device; each hook is off until a test sets it. */
interface Lies {
  identities?: (answer: Identities) => Identities;
  claimKeyPackages?: (answer: Claimed) => Claimed;
  devices?: (answer: Devices) => Devices;
}

/** The browser's transport over the harness, with the server's answers passed through `lies`. */
function evilTransport(who: Actor, lies: Lies, sent: Map<string, string>): E2eTransport {
  const http = harnessTransport(who);
  return {
    ...http,
    identities: async (ids) => {
      const answer = await http.identities(ids);
      return lies.identities ? lies.identities(answer) : answer;
    },
    claimKeyPackages: async (ids) => {
      const answer = await http.claimKeyPackages(ids);
      return lies.claimKeyPackages ? lies.claimKeyPackages(answer) : answer;
    },
    devices: async (ids) => {
      const answer = await http.devices(ids);
      return lies.devices ? lies.devices(answer) : answer;
    },
    sendCiphertext: async (roomId, body) => {
      const message = await http.sendCiphertext(roomId, body);
      sent.set(body.id, body.ciphertext);
      return message;
    },
  };
}

/**
 * A device the server invents for `uid`: certified by a master key the user never had (`msk`, fresh unless
 * given), with one key package the server can hand out as that user's.
 */
async function ghostDevice(uid: string, msk?: Awaited<ReturnType<typeof generateEd25519>>) {
  const master = msk ?? (await generateEd25519());
  const dsk = await generateEd25519();
  const did = `d_ghost${randomUUID().slice(0, 8)}`;
  const cert = await signDeviceCert(master.seed, {
    uid,
    did,
    dskPub: dsk.publicKey,
    created: Date.now(),
    mskVersion: 1,
  });
  const trust = new TrustStore();
  trust.pin(uid, master.publicKey, 1);
  const device = await MlsDevice.create({ uid, did, dsk, cert }, trust);
  return { did, msk: master, keyPackage: toB64url(await device.generateKeyPackage()) };
}

/** The failure code of a promise that must fail. */
const codeOf = async (p: Promise<unknown>): Promise<string | undefined> =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof E2eCryptoError ? e.code : `not a crypto error: ${String(e)}`),
  );

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`E2E against a dishonest server (${kind})`, () => {
    const rt = realtimeSuite({ kind });
    let t: TestApp;
    const sent = new Map<string, string>();

    beforeAll(() => {
      t = rt.app;
    });

    /** Fresh users, each with one device whose server answers `lies` can rewrite. */
    const cast = async (...names: string[]) => {
      const people = await actors(t, ...names);
      return Promise.all(
        people.map(async (who) => {
          const lies: Lies = {};
          const session = await E2eSession.register({
            uid: who.id,
            transport: evilTransport(who, lies, sent),
          });
          return { who, lies, session };
        }),
      );
    };
    const serverEpoch = async (who: Actor, roomId: string): Promise<number> =>
      (await who.client.request('GET', `/api/rooms/${roomId}/e2e/group`)).json().group.epoch as number;
    const welcomeCount = async (roomId: string): Promise<number> =>
      (await t.db.kysely.selectFrom('e2e_welcomes').select('id').where('room_id', '=', roomId).execute())
        .length;
    const dids = (s: E2eSession, roomId: string) =>
      s
        .group(roomId)!
        .members()
        .map((m) => m.did)
        .sort();

    it('E2E-83 (design 6.4): a claimed key package of a device certified by a master key the user never had is refused, and no welcome goes out', async () => {
      const [anna, ben] = await cast('anna', 'ben');
      const roomId = await rt.group(anna!.who, [ben!.who], 'kp swap', true);
      const ghost = await ghostDevice(ben!.who.id);
      // The server answers Ben's real device id with a key package of its own device.
      anna!.lies.claimKeyPackages = (answer) =>
        answer.map((kp) => (kp.userId === ben!.who.id ? { ...kp, data: ghost.keyPackage } : kp));

      expect(await codeOf(anna!.session.syncRoom(roomId))).toBe('e2e.credential_rejected');
      // Nothing applied: the group holds Anna alone at the epoch it was made at, on her side and the server's.
      expect(dids(anna!.session, roomId)).toEqual([anna!.session.did]);
      expect(anna!.session.group(roomId)!.epoch).toBe(0);
      expect(await serverEpoch(anna!.who, roomId)).toBe(0);
      expect(await welcomeCount(roomId)).toBe(0);
      expect(await ben!.session.syncRoom(roomId)).toBe('waiting');

      // Once the server answers honestly, Ben's real device is added and the two talk.
      delete anna!.lies.claimKeyPackages;
      expect(await anna!.session.syncRoom(roomId)).toBe('ready');
      expect(await ben!.session.syncRoom(roomId)).toBe('ready');
      expect(dids(anna!.session, roomId)).toEqual([anna!.session.did, ben!.session.did].sort());
    });

    it('E2E-84 (design 6.4): a welcome whose tree holds a ghost device certified by a key not pinned for that user is refused; nobody joins the forged group', async () => {
      const [anna, ben, chris] = await cast('anna', 'ben', 'chris');
      const roomId = await rt.group(anna!.who, [ben!.who, chris!.who], 'ghost welcome', true);
      // The server lies to Anna at first contact with Ben (a key of its own, pinned on first use) and
      // hands her its ghost device's key package under Ben's device id.
      const ghost = await ghostDevice(ben!.who.id);
      anna!.lies.identities = (answer) =>
        answer.map((id) =>
          id.userId === ben!.who.id ? { ...id, mskPub: toB64url(ghost.msk.publicKey) } : id,
        );
      anna!.lies.claimKeyPackages = (answer) =>
        answer.map((kp) => (kp.userId === ben!.who.id ? { ...kp, data: ghost.keyPackage } : kp));
      expect(await anna!.session.syncRoom(roomId)).toBe('ready');

      // Without verification Anna cannot tell (trust on first use): her safety number with Ben differs from
      // Ben's own, which is what comparing numbers catches (E2E-80).
      const annaSees = await safetyNumber(
        { uid: anna!.who.id, mskPub: anna!.session.masterKey.publicKey },
        { uid: ben!.who.id, mskPub: anna!.session.device.trust.pinned(ben!.who.id)!.mskPub },
      );
      // Ben's side, with the key the honest answers give him for Anna.
      const benSees = await safetyNumber(
        { uid: anna!.who.id, mskPub: anna!.session.masterKey.publicKey },
        { uid: ben!.who.id, mskPub: ben!.session.masterKey.publicKey },
      );
      expect(annaSees).not.toEqual(benSees);

      // Chris pins Ben's real key, so the welcome into a tree with the ghost is refused and dropped.
      const welcomes = await httpWelcomes(chris!.who, chris!.session.did);
      expect(welcomes).toHaveLength(1);
      expect(await chris!.session.syncRoom(roomId)).toBe('waiting');
      expect(chris!.session.rooms()).not.toContain(roomId);
      expect(chris!.session.group(roomId)).toBeUndefined();
      // The same welcome, opened directly: the authentication service names the reason.
      expect(await codeOf(chris!.session.device.joinFromWelcome(roomId, fromB64url(welcomes[0]!.data)))).toBe(
        'e2e.credential_rejected',
      );
      // Ben's real device holds no key package the welcome was made for.
      expect(await ben!.session.syncRoom(roomId)).toBe('waiting');
      expect(ben!.session.group(roomId)).toBeUndefined();
    });

    it('E2E-84 (design 6.4): a commit adding a ghost device is refused by a member who pinned the real key; its epoch and members stay', async () => {
      const [anna, ben, chris] = await cast('anna', 'ben', 'chris');
      const roomId = await rt.group(anna!.who, [chris!.who], 'ghost commit', true);
      expect(await anna!.session.syncRoom(roomId)).toBe('ready');
      expect(await chris!.session.syncRoom(roomId)).toBe('ready');
      const before = chris!.session.group(roomId)!.epoch;
      const members = dids(chris!.session, roomId);

      const invited = await anna!.who.client.request('POST', `/api/rooms/${roomId}/members`, {
        userIds: [ben!.who.id],
      });
      expect(invited.statusCode).toBe(200);
      const ghost = await ghostDevice(ben!.who.id);
      anna!.lies.identities = (answer) =>
        answer.map((id) =>
          id.userId === ben!.who.id ? { ...id, mskPub: toB64url(ghost.msk.publicKey) } : id,
        );
      anna!.lies.claimKeyPackages = (answer) =>
        answer.map((kp) => (kp.userId === ben!.who.id ? { ...kp, data: ghost.keyPackage } : kp));
      expect(await anna!.session.syncRoom(roomId)).toBe('ready');
      expect(await serverEpoch(anna!.who, roomId)).toBe(before + 1);

      expect(await codeOf(chris!.session.catchUp(roomId))).toBe('e2e.credential_rejected');
      expect(chris!.session.group(roomId)!.epoch).toBe(before);
      expect(dids(chris!.session, roomId)).toEqual(members);
      // Anything sealed in the forged epoch stays closed to Chris.
      const id = randomUUID();
      await anna!.session.send(roomId, { type: 'text', text: 'in the forged epoch' }, id);
      expect(await codeOf(chris!.session.open(roomId, sent.get(id)!))).toBe('e2e.missing_epoch_key');
    });

    it('E2E-85 (design 6.4): a master key substituted in the identities table for a pinned user is identity_changed, never accepted silently', async () => {
      const [anna, ben] = await cast('anna', 'ben');
      const roomId = await rt.group(anna!.who, [ben!.who], 'msk swap', true);
      expect(await anna!.session.syncRoom(roomId)).toBe('ready');
      expect(await ben!.session.syncRoom(roomId)).toBe('ready');
      const realBen = new Uint8Array(anna!.session.device.trust.pinned(ben!.who.id)!.mskPub);
      const numberBefore = await safetyNumber(
        { uid: anna!.who.id, mskPub: anna!.session.masterKey.publicKey },
        { uid: ben!.who.id, mskPub: realBen },
      );
      const epoch = anna!.session.group(roomId)!.epoch;

      // The server swaps Ben's master key in its own table and offers a device certified by the new one.
      const mallory = await generateEd25519();
      await t.db.kysely
        .updateTable('e2e_identities')
        .set({ msk_pub: toB64url(mallory.publicKey) })
        .where('user_id', '=', ben!.who.id)
        .execute();
      const ghost = await ghostDevice(ben!.who.id, mallory);
      anna!.lies.devices = (answer) =>
        answer.some((d) => d.userId === ben!.who.id)
          ? [...answer, { userId: ben!.who.id, deviceId: ghost.did, revoked: false }]
          : answer;
      anna!.lies.claimKeyPackages = (answer) => [
        ...answer,
        { userId: ben!.who.id, deviceId: ghost.did, data: ghost.keyPackage },
      ];

      expect(await codeOf(anna!.session.syncRoom(roomId))).toBe('e2e.identity_changed');
      expect(anna!.session.identityChanges()).toEqual([ben!.who.id]);
      // The pin, the group and the safety number are the ones from before the lie.
      expect(anna!.session.device.trust.pinned(ben!.who.id)!.mskPub).toEqual(realBen);
      expect(anna!.session.group(roomId)!.epoch).toBe(epoch);
      expect(dids(anna!.session, roomId)).not.toContain(ghost.did);
      expect(
        await safetyNumber(
          { uid: anna!.who.id, mskPub: anna!.session.masterKey.publicKey },
          { uid: ben!.who.id, mskPub: anna!.session.device.trust.pinned(ben!.who.id)!.mskPub },
        ),
      ).toEqual(numberBefore);
      // Asked again, it is still refused: the change waits for the person.
      expect(await codeOf(anna!.session.syncRoom(roomId))).toBe('e2e.identity_changed');
    });

    it('E2E-86 (design 6.4): an envelope moved onto another message id or sender is context_mismatch; a rewritten sender in the header is bad_signature', async () => {
      const [anna, ben] = await cast('anna', 'ben');
      const roomId = await rt.group(anna!.who, [ben!.who], 'replay', true);
      expect(await anna!.session.syncRoom(roomId)).toBe('ready');
      expect(await ben!.session.syncRoom(roomId)).toBe('ready');
      const first = randomUUID();
      const second = randomUUID();
      await anna!.session.send(roomId, { type: 'text', text: 'pay 10' }, first);
      await ben!.session.send(roomId, { type: 'text', text: 'ok' }, second);

      // The server copies Anna's envelope over Ben's message row: the reader sees it under Ben's id and name.
      await t.db.kysely
        .updateTable('messages')
        .set({ body: sent.get(first)! })
        .where('id', '=', second)
        .execute();
      const history = (await anna!.who.client.request('GET', `/api/rooms/${roomId}/messages`)).json()
        .messages as { id: string; sender: { id: string } | null; ciphertext?: string | null }[];
      const moved = history.find((m) => m.id === second)!;
      expect(moved.ciphertext).toBe(sent.get(first));
      expect(
        await codeOf(
          anna!.session.open(roomId, moved.ciphertext!, { msgId: moved.id, senderUid: moved.sender!.id }),
        ),
      ).toBe('e2e.context_mismatch');
      // Only the sender moved (same id): still refused.
      expect(
        await codeOf(ben!.session.open(roomId, sent.get(first)!, { msgId: first, senderUid: ben!.who.id })),
      ).toBe('e2e.context_mismatch');
      // The header rewritten to name Ben as the sender: the signature no longer holds.
      const envelope = decodeEnvelope(fromB64url(sent.get(first)!));
      const header = JSON.parse(new TextDecoder().decode(envelope.hdr)) as {
        sender: { uid: string; did: string };
      };
      header.sender = { uid: ben!.who.id, did: ben!.session.did };
      const forged = toB64url(
        encodeEnvelope({ ...envelope, hdr: new TextEncoder().encode(JSON.stringify(header)) }),
      );
      expect(await codeOf(anna!.session.open(roomId, forged))).toBe('e2e.bad_signature');
      // The genuine one still opens where it belongs.
      expect(
        (await ben!.session.open(roomId, sent.get(first)!, { msgId: first, senderUid: anna!.who.id }))
          .content,
      ).toEqual({ type: 'text', text: 'pay 10' });
    });

    it('E2E-87 (design 6.4): after a removal the removed device opens nothing new; an epoch the reader never had is missing_epoch_key, a sender not in the epoch is unknown_sender', async () => {
      const [anna, ben, chris] = await cast('anna', 'ben', 'chris');
      const roomId = await rt.group(anna!.who, [chris!.who], 'stale', true);
      expect(await anna!.session.syncRoom(roomId)).toBe('ready');
      expect(await chris!.session.syncRoom(roomId)).toBe('ready');
      const early = randomUUID();
      await anna!.session.send(roomId, { type: 'text', text: 'before Ben' }, early);
      await anna!.who.client.request('POST', `/api/rooms/${roomId}/members`, { userIds: [ben!.who.id] });
      expect(await anna!.session.syncRoom(roomId)).toBe('ready');
      expect(await ben!.session.syncRoom(roomId)).toBe('ready');
      // Ben joined after: the epoch of the early message is one he never had.
      expect(await codeOf(ben!.session.open(roomId, sent.get(early)!))).toBe('e2e.missing_epoch_key');

      const kicked = await anna!.who.client.request(
        'DELETE',
        `/api/rooms/${roomId}/members/${chris!.who.id}`,
      );
      expect(kicked.statusCode).toBe(200);
      const late = randomUUID();
      await anna!.session.send(roomId, { type: 'text', text: 'after Chris left' }, late);
      await ben!.session.catchUp(roomId);
      expect(await codeOf(chris!.session.open(roomId, sent.get(late)!))).toBe('e2e.missing_epoch_key');

      // An envelope at the new epoch claiming Chris as its sender (say the server got hold of that epoch's key,
      // and Chris's device key): Chris is no member of that epoch, so no reader takes it.
      const group = anna!.session.group(roomId)!;
      const forged = await sealEnvelope({
        contentKey: await group.contentKey(),
        roomId,
        groupId: group.groupId,
        epoch: group.epoch,
        sender: { uid: chris!.who.id, did: chris!.session.did },
        signingSeed: chris!.session.device.identity.dsk.seed,
        msgId: randomUUID(),
        ts: Date.now(),
        content: { type: 'text', text: 'from the removed device' },
      });
      expect(await codeOf(ben!.session.open(roomId, toB64url(encodeEnvelope(forged))))).toBe(
        'e2e.unknown_sender',
      );
      // The real message at the new epoch opens for Ben.
      expect((await ben!.session.open(roomId, sent.get(late)!)).content).toEqual({
        type: 'text',
        text: 'after Chris left',
      });
    });

    it('E2E-88 (design 6.4): a flipped byte in the stored header, ciphertext or signature is refused (bad_signature or malformed), never shown', async () => {
      const [anna, ben] = await cast('anna', 'ben');
      const roomId = await rt.group(anna!.who, [ben!.who], 'tamper', true);
      expect(await anna!.session.syncRoom(roomId)).toBe('ready');
      expect(await ben!.session.syncRoom(roomId)).toBe('ready');
      const id = randomUUID();
      await anna!.session.send(roomId, { type: 'text', text: 'the real words' }, id);
      const genuine = decodeEnvelope(fromB64url(sent.get(id)!));
      const flip = (bytes: Uint8Array, at: number) => {
        const out = new Uint8Array(bytes);
        out[at] = out[at]! ^ 0x01;
        return out;
      };
      const variants = {
        header: { ...genuine, hdr: flip(genuine.hdr, genuine.hdr.length - 3) },
        ciphertext: { ...genuine, ct: flip(genuine.ct, 0) },
        tag: { ...genuine, ct: flip(genuine.ct, genuine.ct.length - 1) },
        signature: { ...genuine, sig: flip(genuine.sig, 10) },
      };
      for (const [part, envelope] of Object.entries(variants)) {
        // Written into the server's row, read back through the history as any reader would.
        await t.db.kysely
          .updateTable('messages')
          .set({ body: toB64url(encodeEnvelope(envelope)) })
          .where('id', '=', id)
          .execute();
        const history = (await ben!.who.client.request('GET', `/api/rooms/${roomId}/messages`)).json()
          .messages as { id: string; ciphertext?: string | null }[];
        const stored = history.find((m) => m.id === id)!.ciphertext!;
        const code = await codeOf(ben!.session.open(roomId, stored, { msgId: id, senderUid: anna!.who.id }));
        expect(['e2e.bad_signature', 'e2e.malformed'], part).toContain(code);
      }
      // Cut short: malformed.
      expect(await codeOf(ben!.session.open(roomId, sent.get(id)!.slice(0, 40)))).toBe('e2e.malformed');
    });
  });
}

/** The welcomes waiting for a device, as the server lists them (to open one by hand). */
async function httpWelcomes(
  who: Actor,
  deviceId: string,
): Promise<{ id: string; roomId: string; data: string }[]> {
  const res = await who.client.request('GET', `/api/e2e/devices/${deviceId}/welcomes`);
  return res.json().welcomes as { id: string; roomId: string; data: string }[];
}
