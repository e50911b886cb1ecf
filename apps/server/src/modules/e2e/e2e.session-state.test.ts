/**
 * The browser step's session API against the real server (SPEC E2E-37..E2E-39, E2E-43): syncRoom creating,
 * joining or waiting for a room's group, a session exported to bytes and restored (past epochs read, later
 * commits applied, a welcome to a key package made before the export, sends), strict decoding of those bytes,
 * and edits sealed under the current epoch. Ciphertexts are taken from what the sessions sent through the
 * real routes, so these tests do not depend on how the timeline delivers them.
 */
import { randomUUID } from 'node:crypto';
import {
  E2eSession,
  KEY_PACKAGE_TARGET,
  toHex,
  type E2eTransport,
  type MessageContent,
} from '@messenger/e2e-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, type Actor } from '../../test/harness.ts';
import { harnessTransport } from '../../test/e2e-transport.ts';
import { realtimeSuite } from '../../test/sockets.ts';

/** What the sessions sent, by message id: the latest envelope (an edit replaces the sent one). */
type Outbox = Map<string, string>;

/**
 * The transport a browser builds from fetch (httpTransport), here over the harness's HTTP client (real
 * routes, real database), recording every envelope sent or edited into `outbox`. `beforeCreate` lets a test
 * hold a group creation back to force a race.
 */
function transport(
  who: Actor,
  outbox: Outbox,
  hooks: { beforeCreate?: () => Promise<void>; created?: string[] } = {},
): E2eTransport {
  const http = harnessTransport(who);
  return {
    ...http,
    createGroup: async (roomId, body) => {
      await hooks.beforeCreate?.();
      try {
        await http.createGroup(roomId, body);
        hooks.created?.push('created');
      } catch (error) {
        hooks.created?.push((error as { code?: string }).code ?? String(error));
        throw error;
      }
    },
    sendCiphertext: async (roomId, body) => {
      const sent = await http.sendCiphertext(roomId, body);
      outbox.set(body.id, body.ciphertext);
      return sent;
    },
    editCiphertext: async (roomId, messageId, body) => {
      await http.editCiphertext(roomId, messageId, body);
      outbox.set(messageId, body.ciphertext);
    },
  };
}

/** A barrier: the first `n` callers wait until all `n` have arrived; later callers pass. */
function barrier(n: number): () => Promise<void> {
  let waiting = 0;
  let release!: () => void;
  const all = new Promise<void>((r) => (release = r));
  return () => {
    if (waiting >= n) return Promise.resolve();
    waiting += 1;
    if (waiting === n) release();
    return all;
  };
}

const text = (t: string): MessageContent => ({ type: 'text', text: t });

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`E2E session state and room sync against the server (${kind})`, () => {
    const rt = realtimeSuite({ kind });
    const outbox: Outbox = new Map();
    let anna: Actor;
    let ben: Actor;
    let chris: Actor;
    let annaDevice: E2eSession;
    let benDevice: E2eSession;
    let roomId: string;

    beforeAll(async () => {
      [anna, ben, chris] = (await actors(rt.app, 'anna', 'ben', 'chris')) as [Actor, Actor, Actor];
      annaDevice = await E2eSession.register({ uid: anna.id, transport: transport(anna, outbox) });
      benDevice = await E2eSession.register({ uid: ben.id, transport: transport(ben, outbox) });
    });

    /** An end-to-end encrypted group room of `owner` with `members`. */
    const e2eRoom = async (owner: Actor, members: Actor[]): Promise<string> => {
      const res = await owner.client.request('POST', '/api/rooms', {
        kind: 'group',
        name: 'e2e',
        memberIds: members.map((m) => m.id),
        encrypted: true,
      });
      expect(res.statusCode).toBe(200);
      return res.json().room.id as string;
    };
    const serverGroup = async (who: Actor, room: string) =>
      (await who.client.request('GET', `/api/rooms/${room}/e2e/group`)).json();
    const stockOf = async (who: Actor, did: string) =>
      (await who.client.request('GET', `/api/e2e/devices/${did}/key-packages`)).json();
    /** Sends `body` from `from`; returns the message id and the envelope as the server received it. */
    const send = async (from: E2eSession, room: string, body: string) => {
      const id = randomUUID();
      await from.send(room, text(body), id);
      return { id, ciphertext: outbox.get(id)! };
    };

    it('E2E-38: syncRoom creates the group when the room has none; a device added later waits until a member device syncs, then is ready', async () => {
      roomId = await e2eRoom(anna, [ben]);
      expect(await serverGroup(anna, roomId)).toMatchObject({ code: 'e2e.group_not_found' });
      expect(annaDevice.rooms()).not.toContain(roomId);

      expect(await annaDevice.syncRoom(roomId)).toBe('ready');
      // Created at epoch 0 and Ben's device added in one commit.
      expect((await serverGroup(anna, roomId)).group).toMatchObject({ epoch: 1, rekeyPending: false });
      expect(annaDevice.rooms()).toContain(roomId);
      // Ben's device joins from its welcome inside syncRoom; the group is complete, so nothing is claimed.
      expect(await benDevice.syncRoom(roomId)).toBe('ready');
      expect(benDevice.group(roomId)!.epoch).toBe(1);
      expect(await stockOf(anna, annaDevice.did)).toEqual({ ordinary: KEY_PACKAGE_TARGET, lastResort: true });

      // Ben's new phone: the group exists and it is not in it, so it waits for a member's device.
      const benPhone = await E2eSession.register({
        uid: ben.id,
        transport: transport(ben, outbox),
        msk: benDevice.masterKey,
      });
      expect(await benPhone.syncRoom(roomId)).toBe('waiting');
      expect(benPhone.rooms()).toEqual([]);
      expect(await annaDevice.syncRoom(roomId)).toBe('ready');
      expect(annaDevice.group(roomId)!.epoch).toBe(2);
      expect(await benPhone.syncRoom(roomId)).toBe('ready');
      expect(await benDevice.syncRoom(roomId)).toBe('ready');
      const keys = await Promise.all(
        [annaDevice, benDevice, benPhone].map(async (s) => toHex(await s.group(roomId)!.contentKey())),
      );
      expect(new Set(keys).size).toBe(1);

      // Syncing a complete group commits nothing and uses up nobody's key packages.
      const benStock = await stockOf(ben, benDevice.did);
      expect(await annaDevice.syncRoom(roomId)).toBe('ready');
      expect((await serverGroup(anna, roomId)).group.epoch).toBe(2);
      expect(await stockOf(ben, benDevice.did)).toEqual(benStock);

      const m = await send(benPhone, roomId, 'from the phone');
      expect((await annaDevice.open(roomId, m.ciphertext)).content).toEqual(text('from the phone'));
    });

    it('E2E-38: two devices racing to create a group: one creates it, the other is refused (e2e.group_exists), waits for its welcome, then both are ready', async () => {
      // Both hold their group creation until the other has made its own, so both ask the server to create.
      const gate = barrier(2);
      const created: string[] = [];
      const raceA = await E2eSession.register({
        uid: anna.id,
        transport: transport(anna, outbox, { beforeCreate: gate, created }),
        msk: annaDevice.masterKey,
      });
      const raceB = await E2eSession.register({
        uid: ben.id,
        transport: transport(ben, outbox, { beforeCreate: gate, created }),
        msk: benDevice.masterKey,
      });
      const room = await e2eRoom(anna, [ben]);
      const results = await Promise.all([raceA.syncRoom(room), raceB.syncRoom(room)]);
      // Both asked the server to create it; one did, the other was refused and kept no group of its own.
      expect(created.sort()).toEqual(['created', 'e2e.group_exists']);
      expect(results).toContain('ready');
      const log = await anna.client.request('GET', `/api/rooms/${room}/e2e/commits?since=0`);
      const creator = raceA.group(room)?.active ? raceA : raceB;
      const loser = creator === raceA ? raceB : raceA;
      expect(creator.rooms()).toContain(room);
      // Every commit in the log is the creator's: the loser made none.
      expect(log.json().commits.map((c: { senderId: string }) => c.senderId)).toEqual(
        log.json().commits.map(() => creator.uid),
      );
      expect(await loser.syncRoom(room)).toBe('ready');
      expect(await creator.syncRoom(room)).toBe('ready');
      expect(toHex(await loser.group(room)!.contentKey())).toBe(
        toHex(await creator.group(room)!.contentKey()),
      );
      const m = await send(loser, room, 'after the race');
      expect((await creator.open(room, m.ciphertext)).content).toEqual(text('after the race'));
    });

    it('E2E-37: open returns the sealed message id, time and epoch, and refuses an envelope the server files under another id or sender', async () => {
      const before = Date.now();
      const m = await send(annaDevice, roomId, 'where it belongs');
      const opened = await benDevice.open(roomId, m.ciphertext, { msgId: m.id, senderUid: anna.id });
      expect(opened).toMatchObject({
        content: text('where it belongs'),
        sender: { uid: anna.id, did: annaDevice.did },
        msgId: m.id,
        epoch: annaDevice.group(roomId)!.epoch,
      });
      expect(opened.ts).toBeGreaterThanOrEqual(before);
      await expect(benDevice.open(roomId, m.ciphertext, { msgId: randomUUID() })).rejects.toMatchObject({
        code: 'e2e.context_mismatch',
      });
      await expect(benDevice.open(roomId, m.ciphertext, { senderUid: ben.id })).rejects.toMatchObject({
        code: 'e2e.context_mismatch',
      });
    });

    it('E2E-39: a restored session reads messages of past epochs, applies later commits, reads and sends after them', async () => {
      const old = await send(annaDevice, roomId, 'before the export');
      const oldEpoch = benDevice.group(roomId)!.epoch;
      const saved = await benDevice.exportState();
      // Exporting the restored session gives back the same bytes: nothing was dropped or reordered.
      expect(toHex(await (await E2eSession.restore(saved, transport(ben, outbox))).exportState())).toBe(
        toHex(saved),
      );

      // While Ben's device is "closed", Anna heals twice and sends in the new epoch.
      await annaDevice.rekey(roomId);
      await annaDevice.rekey(roomId);
      const later = await send(annaDevice, roomId, 'after two commits');

      const restored = await E2eSession.restore(saved, transport(ben, outbox));
      expect(restored.uid).toBe(ben.id);
      expect(restored.did).toBe(benDevice.did);
      expect(restored.rooms()).toEqual(benDevice.rooms());
      // (a) a message of the epoch it had, without catching up first.
      expect(restored.group(roomId)!.epoch).toBe(oldEpoch);
      expect((await restored.open(roomId, old.ciphertext)).content).toEqual(text('before the export'));
      // Not the later one yet: that epoch's key comes from the commits it has not applied.
      await expect(restored.open(roomId, later.ciphertext)).rejects.toMatchObject({
        code: 'e2e.missing_epoch_key',
      });
      // (b) later commits apply, then the later message opens, and the old one still does.
      await restored.catchUp(roomId);
      expect(restored.group(roomId)!.epoch).toBe(oldEpoch + 2);
      expect((await restored.open(roomId, later.ciphertext)).content).toEqual(text('after two commits'));
      expect((await restored.open(roomId, old.ciphertext)).content).toEqual(text('before the export'));
      // (d) it sends, and Anna reads it.
      const reply = await send(restored, roomId, 'back from disk');
      await annaDevice.catchUp(roomId);
      expect((await annaDevice.open(roomId, reply.ciphertext)).content).toEqual(text('back from disk'));
      // And it syncs the room like any device (adding the devices registered since, e.g. by the race above).
      expect(await restored.syncRoom(roomId)).toBe('ready');
      expect(restored.group(roomId)!.epoch).toBe((await serverGroup(ben, roomId)).group.epoch);
      benDevice = restored;
    });

    it('E2E-39: a restored session joins from a welcome to a key package it made before the export; after its removal it reads nothing new', async () => {
      const chrisDevice = await E2eSession.register({ uid: chris.id, transport: transport(chris, outbox) });
      const saved = await chrisDevice.exportState();
      // From here on only the restored copy runs; its key packages on the server were all made before.
      const chrisRestored = await E2eSession.restore(saved, transport(chris, outbox));
      const room = await e2eRoom(anna, [ben, chris]);
      expect(await annaDevice.syncRoom(room)).toBe('ready');
      expect(await chrisRestored.syncRoom(room)).toBe('ready');
      expect(await benDevice.syncRoom(room)).toBe('ready');
      const hello = await send(annaDevice, room, 'hello chris');
      expect((await chrisRestored.open(room, hello.ciphertext)).content).toEqual(text('hello chris'));

      // Chris's device state is saved while he is a member; then he is removed from the room.
      const whileMember = await chrisRestored.exportState();
      const kicked = await anna.client.request('DELETE', `/api/rooms/${room}/members/${chris.id}`);
      expect(kicked.statusCode).toBe(200);
      // Ben's send is refused while the removal is pending; his session commits it, then sends.
      const secret = await send(benDevice, room, 'not for chris');
      await annaDevice.catchUp(room);
      expect((await annaDevice.open(room, secret.ciphertext)).content).toEqual(text('not for chris'));
      for (const chrisState of [
        chrisRestored,
        await E2eSession.restore(whileMember, transport(chris, outbox)),
      ]) {
        await expect(chrisState.open(room, secret.ciphertext)).rejects.toMatchObject({
          code: 'e2e.missing_epoch_key',
        });
        // Nor can it catch up: the server no longer shows him the room's handshake log.
        await expect(chrisState.catchUp(room)).rejects.toMatchObject({ code: 'room.not_found' });
        // What it read while a member it still reads.
        expect((await chrisState.open(room, hello.ciphertext)).content).toEqual(text('hello chris'));
      }
    });

    it('E2E-39: a device stopped before saving its state finds its welcome again; a welcome it cannot open is dropped and blocks no other room', async () => {
      const dan = (await actors(rt.app, 'dan'))[0]!;
      const danDevice = await E2eSession.register({ uid: dan.id, transport: transport(dan, outbox) });
      const beforeJoin = await danDevice.exportState();
      const welcomesOf = async () =>
        (await dan.client.request('GET', `/api/e2e/devices/${danDevice.did}/welcomes`)).json().welcomes as {
          roomId: string;
        }[];

      // A room whose "welcome" is damaged bytes: a member committed it through the raw routes.
      const broken = await e2eRoom(anna, [dan]);
      const opaque = (n: number) =>
        Buffer.from(randomUUID() + randomUUID())
          .toString('base64url')
          .slice(0, n);
      expect(
        (
          await anna.client.request('POST', `/api/rooms/${broken}/e2e/group`, {
            groupId: opaque(22),
            groupInfo: opaque(40),
          })
        ).statusCode,
      ).toBe(200);
      const bad = await anna.client.request('POST', `/api/rooms/${broken}/e2e/commits`, {
        epoch: 0,
        commit: opaque(40),
        groupInfo: opaque(40),
        welcome: { data: opaque(60), deviceIds: [danDevice.did] },
      });
      expect(bad.statusCode).toBe(200);

      const room = await e2eRoom(anna, [dan]);
      expect(await annaDevice.syncRoom(room)).toBe('ready');
      // The first pass joins the good room and drops the broken welcome; the good welcome stays for now.
      expect(await danDevice.processWelcomes()).toEqual([room]);
      expect((await welcomesOf()).map((w) => w.roomId)).toEqual([room]);
      expect(danDevice.rooms()).toEqual([room]);

      // The browser stopped before saving: the saved state is from before the join, and it joins again.
      const reloaded = await E2eSession.restore(beforeJoin, transport(dan, outbox));
      expect(reloaded.rooms()).toEqual([]);
      expect(await reloaded.syncRoom(room)).toBe('ready');
      const hi = await send(annaDevice, room, 'hi dan');
      expect((await reloaded.open(room, hi.ciphertext)).content).toEqual(text('hi dan'));
      // The next pass, with the room already joined, deletes the welcome.
      expect(await reloaded.processWelcomes()).toEqual([]);
      expect(await welcomesOf()).toEqual([]);
    });

    it('E2E-39: session bytes cut short, extended, of another version or with parts that do not belong together are e2e.malformed', async () => {
      const saved = await benDevice.exportState();
      const malformed = async (bytes: Uint8Array) =>
        expect(E2eSession.restore(bytes, transport(ben, outbox))).rejects.toMatchObject({
          code: 'e2e.malformed',
        });
      const cuts = new Set([0, 1, 4, 5, 9, 40, saved.length - 1]);
      for (let n = 0; n < saved.length; n += 211) cuts.add(n);
      for (const n of cuts) await malformed(saved.subarray(0, n));
      const extended = new Uint8Array(saved.length + 1);
      extended.set(saved);
      await malformed(extended);
      for (const [at, value] of [
        [0, 0x58], // another magic
        [4, 3], // a version this code does not know (1 and 2 are read)
      ] as const) {
        const changed = saved.slice();
        changed[at] = value;
        await malformed(changed);
      }
      // The master key seed follows magic, version, uid and did: another seed is a key the device never pinned.
      const view = new DataView(saved.buffer, saved.byteOffset);
      const uidLen = view.getUint32(5);
      const didLen = view.getUint32(9 + uidLen);
      const seedAt = 9 + uidLen + 4 + didLen + 4;
      const otherSeed = saved.slice();
      otherSeed[seedAt]! ^= 0x01;
      await malformed(otherSeed);
      // A device-state length larger than what follows.
      const devLenAt = seedAt + 32;
      const longer = saved.slice();
      new DataView(longer.buffer).setUint32(devLenAt, view.getUint32(devLenAt) + 1);
      await malformed(longer);
    });

    it('E2E-43: an edit seals the new content under the same message id at the current epoch and replaces the envelope', async () => {
      // Needs the server's PUT /api/rooms/:id/e2e/messages/:messageId (the timeline step's server work);
      // on a branch without that route this test fails with route.not_found.
      const m = await send(annaDevice, roomId, 'first words');
      const sentEpoch = annaDevice.group(roomId)!.epoch;
      await benDevice.rekey(roomId);
      await annaDevice.edit(roomId, m.id, text('second thoughts'));
      const edited = outbox.get(m.id)!;
      expect(edited).not.toBe(m.ciphertext);
      await benDevice.catchUp(roomId);
      const opened = await benDevice.open(roomId, edited, { msgId: m.id, senderUid: anna.id });
      expect(opened).toMatchObject({ content: text('second thoughts'), msgId: m.id, epoch: sentEpoch + 1 });
    });
  });
}
