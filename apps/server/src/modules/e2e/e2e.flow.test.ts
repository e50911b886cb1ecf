/**
 * The client core (@messenger/e2e-crypto's E2eSession) against the real server (SPEC E2E-30..E2E-35): MLS
 * groups made, joined, rekeyed and raced through the delivery service's HTTP routes, messages delivered by
 * the socket as timeline messages of kind `e2e` (E2E-42); then every table and every log line is scanned for the message markers and the key material.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  E2eCryptoError,
  E2eSession,
  KEY_PACKAGE_TARGET,
  fromB64url,
  toB64url,
  toHex,
  type E2eTransport,
  type MessageContent,
} from '@messenger/e2e-crypto';
import type { ServerEventPayload } from '@messenger/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { harnessTransport } from '../../test/e2e-transport.ts';
import { actors, type Actor, type TestApp } from '../../test/harness.ts';
import { collect, ping, realtimeSuite, type ClientSocket } from '../../test/sockets.ts';

/** A random string that must never reach the server in clear from an E2E room. */
const marker = (): string => `mk${randomBytes(12).toString('hex')}`;

/**
 * The transport a browser builds from fetch (httpTransport), here over the harness's HTTP client (real
 * routes, real database). `beforeCommit` lets a test hold a commit back to force a race; `traffic` records
 * every request and answer.
 */
function transport(
  who: Actor,
  hooks: { beforeCommit?: () => Promise<void>; traffic?: string[] } = {},
): E2eTransport {
  const http = harnessTransport(who, (request, answer) => hooks.traffic?.push(request, answer));
  return {
    ...http,
    submitCommit: async (roomId, body) => {
      await hooks.beforeCommit?.();
      return http.submitCommit(roomId, body);
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

/** Every value of every row of every table, as searchable text (binary columns as hex, base64 and UTF-8). */
async function databaseText(t: TestApp): Promise<{ text: string; tables: string[] }> {
  const tables = (await t.db.kysely.introspection.getTables()).map((tb) => tb.name);
  const parts: string[] = [];
  for (const table of tables) {
    const rows = (await t.db.kysely
      .selectFrom(table as never)
      .selectAll()
      .execute()) as Record<string, unknown>[];
    for (const row of rows)
      for (const value of Object.values(row)) {
        if (value === null || value === undefined) continue;
        if (value instanceof Uint8Array) {
          const b = Buffer.from(value);
          parts.push(
            b.toString('hex'),
            b.toString('base64'),
            b.toString('base64url'),
            b.toString('utf8'),
            b.toString('utf16le'),
          );
        } else if (typeof value === 'object') parts.push(JSON.stringify(value));
        else parts.push(String(value));
      }
  }
  return { text: parts.join('\n'), tables };
}

/** The ways a secret could be written down as text. */
const encodings = (secret: Uint8Array): string[] => {
  const b = Buffer.from(secret);
  return [toB64url(secret), b.toString('base64').replace(/=+$/, ''), toHex(secret)];
};

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`E2E sessions against the server (${kind})`, () => {
    const logLines: string[] = [];
    const rt = realtimeSuite({
      kind,
      env: { LOG_LEVEL: 'debug' },
      build: { logger: undefined, logStream: { write: (line: string) => void logLines.push(line) } },
    });
    let t: TestApp;
    let anna: Actor;
    let ben: Actor;
    let chris: Actor;
    /** Received `message:created` events per actor (the room's envelopes among them). */
    const inbox = new Map<Actor, ServerEventPayload<'message:created'>[]>();
    const sockets = new Map<Actor, ClientSocket>();
    let annaLaptop: E2eSession;
    let annaPhone: E2eSession;
    let benDevice: E2eSession;
    let chrisDevice: E2eSession;
    let roomId: string;
    /** Every HTTP request and response body of the sessions, and every socket event the users received. */
    const traffic: string[] = [];
    const raceGate: { beforeCommit?: () => Promise<void>; traffic: string[] } = { traffic };
    /** Every marker sent in the E2E room: none may reach the server in clear. */
    const e2eMarkers: string[] = [];
    const ownerOf = new Map<E2eSession, Actor>();

    beforeAll(async () => {
      t = rt.app;
      [anna, ben, chris] = (await actors(t, 'anna', 'ben', 'chris')) as [Actor, Actor, Actor];
      for (const who of [anna, ben, chris]) {
        const s = await rt.sock(who);
        sockets.set(who, s);
        inbox.set(who, collect(s, 'message:created'));
        s.onAny((event: string, ...args: unknown[]) => void traffic.push(event, JSON.stringify(args)));
      }
      annaLaptop = await E2eSession.register({ uid: anna.id, transport: transport(anna, { traffic }) });
      annaPhone = await E2eSession.register({
        uid: anna.id,
        transport: transport(anna, raceGate),
        msk: annaLaptop.masterKey,
      });
      benDevice = await E2eSession.register({ uid: ben.id, transport: transport(ben, raceGate) });
      chrisDevice = await E2eSession.register({ uid: chris.id, transport: transport(chris, { traffic }) });
      ownerOf.set(annaLaptop, anna).set(annaPhone, anna).set(benDevice, ben).set(chrisDevice, chris);
    });

    /** Delivers every socket event so far; the ciphertexts `who` received in the room, by message id. */
    const received = async (who: Actor): Promise<Map<string, string>> => {
      await ping(sockets.get(who)!);
      return new Map(
        inbox
          .get(who)!
          .filter((e) => e.message.roomId === roomId && e.message.kind === 'e2e')
          .map((e) => [e.message.id, e.message.ciphertext!]),
      );
    };

    /** Each session sends one marker; every other listed session opens every one of them from its socket. */
    const roundTrip = async (sessions: E2eSession[]) => {
      const sent: { id: string; text: string; from: E2eSession }[] = [];
      for (const s of sessions) {
        const text = marker();
        e2eMarkers.push(text);
        const content: MessageContent = { type: 'text', text };
        sent.push({
          id: await s.send(roomId, content, randomUUID()),
          text,
          from: s,
        });
      }
      for (const reader of sessions) {
        await reader.catchUp(roomId);
        const box = await received(ownerOf.get(reader)!);
        for (const m of sent.filter((x) => x.from !== reader)) {
          expect(box.has(m.id)).toBe(true);
          const opened = await reader.open(roomId, box.get(m.id)!);
          expect(opened.content).toEqual({ type: 'text', text: m.text });
          expect(opened.sender).toEqual({ uid: m.from.uid, did: m.from.did });
        }
      }
      return sent;
    };

    it('E2E-30: a member creates the group and adds every member device; the others join from their welcomes and everyone reads everyone', async () => {
      roomId = await rt.group(anna, [ben, chris], 'e2e', true);
      await annaLaptop.createRoomGroup(roomId);
      // One commit added Anna's phone, Ben's and Chris's devices: epoch 1 on the server and in the group.
      expect(annaLaptop.group(roomId)!.epoch).toBe(1);
      const server = await anna.client.request('GET', `/api/rooms/${roomId}/e2e/group`);
      expect(server.json().group).toMatchObject({ epoch: 1, rekeyPending: false });
      for (const s of [annaPhone, benDevice, chrisDevice]) {
        expect(await s.processWelcomes()).toEqual([roomId]);
        expect(s.group(roomId)!.epoch).toBe(1);
      }
      // Each joined device had one key package claimed, and topped its stock up again.
      const stock = await ben.client.request('GET', `/api/e2e/devices/${benDevice.did}/key-packages`);
      expect(stock.json()).toEqual({ ordinary: KEY_PACKAGE_TARGET, lastResort: true });
      expect(await benDevice.refillKeyPackages()).toBe(0);
      // Welcomes taken are gone; a second pass joins nothing.
      expect(await benDevice.processWelcomes()).toEqual([]);
      const dids = annaLaptop
        .group(roomId)!
        .members()
        .map((m) => m.did)
        .sort();
      expect(dids).toEqual([annaLaptop.did, annaPhone.did, benDevice.did, chrisDevice.did].sort());
      // Every device derives the same content key for the epoch.
      const keys = await Promise.all(
        [annaLaptop, annaPhone, benDevice, chrisDevice].map(async (s) =>
          toHex(await s.group(roomId)!.contentKey()),
        ),
      );
      expect(new Set(keys).size).toBe(1);
      await roundTrip([annaLaptop, annaPhone, benDevice, chrisDevice]);
    });

    it('E2E-31: a device that was away applies the commits it missed, in order, before it reads', async () => {
      // Anna's laptop heals twice (two empty commits) while Chris's device does nothing.
      const before = chrisDevice.group(roomId)!.epoch;
      await annaLaptop.rekey(roomId);
      await annaLaptop.rekey(roomId);
      expect(annaLaptop.group(roomId)!.epoch).toBe(before + 2);
      await roundTrip([annaLaptop, annaPhone, benDevice, chrisDevice]);
      expect(chrisDevice.group(roomId)!.epoch).toBe(before + 2);
    });

    it('E2E-33: after a kick the next send commits the removal first; the removed device cannot open later messages', async () => {
      const kicked = await anna.client.request('DELETE', `/api/rooms/${roomId}/members/${chris.id}`);
      expect(kicked.statusCode).toBe(200);
      const pending = await ben.client.request('GET', `/api/rooms/${roomId}/e2e/group`);
      expect(pending.json().group.rekeyPending).toBe(true);
      const epochBefore = benDevice.group(roomId)!.epoch;
      // Ben's send is refused with e2e.rekey_pending; his session commits the removal and sends again.
      const [afterKick] = await roundTrip([benDevice, annaLaptop, annaPhone]);
      expect(benDevice.group(roomId)!.epoch).toBe(epochBefore + 1);
      for (const s of [benDevice, annaLaptop, annaPhone])
        expect(
          s
            .group(roomId)!
            .members()
            .map((m) => m.did),
        ).not.toContain(chrisDevice.did);
      const server = await ben.client.request('GET', `/api/rooms/${roomId}/e2e/group`);
      expect(server.json().group).toMatchObject({ epoch: epochBefore + 1, rekeyPending: false });
      // Chris got no socket copy; even with the ciphertext in hand, his device has no key for the new epoch.
      expect((await received(chris)).has(afterKick!.id)).toBe(false);
      const leaked = (await received(anna)).get(afterKick!.id)!;
      await expect(chrisDevice.open(roomId, leaked)).rejects.toMatchObject({ code: 'e2e.missing_epoch_key' });
      // Nor can it catch up: the server no longer shows him the room's handshake log.
      await expect(chrisDevice.catchUp(roomId)).rejects.toMatchObject({ code: 'room.not_found' });
      expect(chrisDevice.group(roomId)!.epoch).toBe(epochBefore);
    });

    it('E2E-32: two members commit at the same epoch: one wins, the other applies the winner and commits again; all converge', async () => {
      const start = benDevice.group(roomId)!.epoch;
      raceGate.beforeCommit = barrier(2);
      const epochs = await Promise.all([benDevice.rekey(roomId), annaPhone.rekey(roomId)]);
      raceGate.beforeCommit = undefined;
      // Both built on `start`; the compare-and-set let one in, the loser caught up and rebuilt on start + 1.
      expect(epochs.sort((x, y) => x - y)).toEqual([start + 1, start + 2]);
      // The log holds both, one per epoch: the winner's at `start`, the loser's rebuilt one at start + 1.
      const log = await ben.client.request('GET', `/api/rooms/${roomId}/e2e/commits?since=${start}`);
      expect(log.json().commits.map((c: { epoch: number }) => c.epoch)).toEqual([start, start + 1]);
      expect(new Set(log.json().commits.map((c: { senderId: string }) => c.senderId))).toEqual(
        new Set([ben.id, anna.id]),
      );
      // The winner and the bystander learn of the loser's commit from the handshake log.
      const sessions = [annaLaptop, annaPhone, benDevice];
      for (const s of sessions) await s.catchUp(roomId);
      for (const s of sessions) expect(s.group(roomId)!.epoch).toBe(start + 2);
      const keys = await Promise.all(sessions.map(async (s) => toHex(await s.group(roomId)!.contentKey())));
      expect(new Set(keys).size).toBe(1);
      await roundTrip(sessions);
    });

    it('E2E-37: a ciphertext altered on the way is refused with its reason (bad signature, damaged, epoch not held), never shown', async () => {
      const [sent] = await roundTrip([benDevice, annaLaptop]);
      const original = fromB64url((await received(anna)).get(sent!.id)!);
      const flipped = original.slice();
      flipped[flipped.length - 1]! ^= 0x01;
      await expect(annaLaptop.open(roomId, toB64url(flipped))).rejects.toMatchObject({
        code: 'e2e.bad_signature',
      });
      await expect(annaLaptop.open(roomId, toB64url(original.subarray(0, 50)))).rejects.toMatchObject({
        code: 'e2e.malformed',
      });
      await expect(annaLaptop.open(roomId, 'not*base64')).rejects.toMatchObject({ code: 'e2e.malformed' });
      // Chris's device, removed before this epoch, has no key for it even with the ciphertext in hand.
      await expect(chrisDevice.open(roomId, toB64url(original))).rejects.toMatchObject({
        code: 'e2e.missing_epoch_key',
      });
    });

    it('E2E-34: after the scenario no table, no log line and no HTTP or socket traffic holds a message marker or any key material', async () => {
      const { text, tables } = await databaseText(t);
      const logs = logLines.join('\n');
      // The scan reads what it must: the E2E tables, the log, and the stored ciphertext itself.
      expect(tables).toEqual(
        expect.arrayContaining(['e2e_commits', 'e2e_welcomes', 'messages', 'search_docs']),
      );
      const stored = [...(await received(ben)).values()];
      expect(stored.length).toBeGreaterThan(10);
      for (const c of stored) expect(text).toContain(c);
      expect(logs).toContain(`/api/rooms/${roomId}/e2e/messages`);
      expect(e2eMarkers.length).toBeGreaterThan(10);
      expect(traffic.join('\n')).toContain(stored[0]);
      const haystack = `${text}\n${logs}\n${traffic.join('\n')}`;
      const haystackLower = haystack.toLowerCase();
      for (const m of e2eMarkers) expect(haystack.includes(m), `marker ${m}`).toBe(false);
      const secrets = [annaLaptop, annaPhone, benDevice, chrisDevice].flatMap((s) => s.secretsForScan());
      expect(secrets.length).toBeGreaterThan(8 + 5);
      for (const secret of secrets)
        for (const enc of encodings(secret))
          expect(haystack.includes(enc) || haystackLower.includes(enc.toLowerCase()), `key ${enc}`).toBe(
            false,
          );
    });

    it('E2E-35: control run: the same scan finds the markers of a standard room, a marker in a logged request and a key written in clear, so a clean E2E scan means something', async () => {
      const standard = await rt.group(anna, [ben], 'standard');
      const markers = [marker(), marker()];
      for (const body of markers) {
        const res = await anna.client.request('POST', `/api/rooms/${standard}/messages`, { body });
        expect(res.statusCode).toBe(200);
      }
      const { text } = await databaseText(t);
      for (const m of markers) expect(text).toContain(m);
      // The log scan sees what requests carry: a marker in a request's path is found in the log lines.
      const inPath = marker();
      await anna.client.request('GET', `/api/rooms/${inPath}`);
      expect(logLines.join('\n')).toContain(inPath);
      // And the scan of keys is not vacuous: a key written to the database in clear would be found.
      const probe = randomBytes(32);
      await anna.client.request('POST', `/api/rooms/${standard}/messages`, { body: toB64url(probe) });
      const again = await databaseText(t);
      expect(encodings(probe).some((enc) => again.text.includes(enc))).toBe(true);
    });

    it('E2E-30: a device with no group for the room is told so in words, not a blank', async () => {
      const other = await rt.group(ben, [anna], 'no-group', true);
      await expect(
        benDevice.send(other, { type: 'text', text: marker() }, randomUUID()),
      ).rejects.toBeInstanceOf(E2eCryptoError);
    });
  });
}
