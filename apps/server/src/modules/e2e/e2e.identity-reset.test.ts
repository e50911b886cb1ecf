/**
 * A user whose master key is lost (the browser's device was wiped at logout, and recovery is not built yet)
 * resets their identity; the other members see the change, must accept it before anything of theirs is
 * validated, and then bring the new device in (SPEC E2E-21, E2E-45), against the real server.
 */
import { randomUUID } from 'node:crypto';
import { E2eSession } from '@messenger/e2e-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, type Actor } from '../../test/harness.ts';
import { failureCodeOf as codeOf, recordingTransport as transport } from '../../test/e2e-transport.ts';
import { realtimeSuite } from '../../test/sockets.ts';

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`E2E identity reset (${kind})`, () => {
    const rt = realtimeSuite({ kind });
    const sent = new Map<string, string>();
    let anna: Actor;
    let ben: Actor;

    beforeAll(async () => {
      [anna, ben] = (await actors(rt.app, 'anna', 'ben')) as [Actor, Actor];
    });

    it('E2E-45: a reset identity revokes the old device; members must accept the change, then the new device reads new messages and never old ones', async () => {
      const annaOld = await E2eSession.register({ uid: anna.id, transport: transport(anna, sent) });
      const benDevice = await E2eSession.register({ uid: ben.id, transport: transport(ben, sent) });
      const res = await anna.client.request('POST', '/api/rooms', {
        kind: 'group',
        name: 'e2e',
        memberIds: [ben.id],
        encrypted: true,
      });
      const roomId = res.json().room.id as string;
      expect(await annaOld.syncRoom(roomId)).toBe('ready');
      expect(await benDevice.syncRoom(roomId)).toBe('ready');
      const before = randomUUID();
      await annaOld.send(roomId, { type: 'text', body: 'before the reset' }, before);

      // Anna's browser was wiped: registering with a new master key is refused until she resets it.
      expect(await codeOf(E2eSession.register({ uid: anna.id, transport: transport(anna, sent) }))).toBe(
        'e2e.identity_mismatch',
      );
      const annaNew = await E2eSession.register({
        uid: anna.id,
        transport: transport(anna, sent),
        resetIdentity: true,
      });
      const devices = (await anna.client.request('GET', `/api/e2e/devices?userIds=${anna.id}`)).json();
      expect(devices.identities).toEqual([expect.objectContaining({ userId: anna.id, mskVersion: 2 })]);
      expect(
        devices.devices.map((d: { deviceId: string; revokedAt: string | null }) => [
          d.deviceId,
          !!d.revokedAt,
        ]),
      ).toEqual(
        expect.arrayContaining([
          [annaOld.did, true],
          [annaNew.did, false],
        ]),
      );
      expect(await annaNew.syncRoom(roomId)).toBe('waiting');

      // Ben's device does not take the new key silently: the room is blocked on the change until he accepts.
      expect(await codeOf(benDevice.syncRoom(roomId))).toBe('e2e.identity_changed');
      expect(benDevice.identityChanges()).toEqual([anna.id]);
      // Syncing did remove Anna's revoked device from the group before stopping.
      expect(
        benDevice
          .group(roomId)!
          .members()
          .map((m) => m.did),
      ).not.toContain(annaOld.did);
      benDevice.acceptIdentity(anna.id);
      expect(benDevice.identityChanges()).toEqual([]);
      expect(await benDevice.syncRoom(roomId)).toBe('ready');
      expect(
        benDevice
          .group(roomId)!
          .members()
          .map((m) => m.did),
      ).toContain(annaNew.did);

      // Anna's new device joins, and the two talk again; what was said before stays closed to it.
      expect(await annaNew.syncRoom(roomId)).toBe('ready');
      const after = randomUUID();
      await annaNew.send(roomId, { type: 'text', body: 'after the reset' }, after);
      const opened = await benDevice.open(roomId, sent.get(after)!, { msgId: after, senderUid: anna.id });
      expect(opened.content).toEqual({ type: 'text', body: 'after the reset' });
      expect(await codeOf(annaNew.open(roomId, sent.get(before)!))).toBe('e2e.missing_epoch_key');
    });
  });
}
