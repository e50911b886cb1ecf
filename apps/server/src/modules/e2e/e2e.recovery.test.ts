/**
 * Recovery against the real server (SPEC E2E-67, E2E-68): a user sets up a recovery key, talks through
 * several epochs, loses the browser's device, and comes back with the key: the new device is certified by
 * the same master key (members add it without any identity change) and the backed-up epoch keys open the
 * messages sent before it joined.
 */
import { randomUUID } from 'node:crypto';
import { E2eSession, formatRecoveryKey, generateRecoveryKey } from '@messenger/e2e-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, type Actor } from '../../test/harness.ts';
import { failureCodeOf as codeOf, recordingTransport as transport } from '../../test/e2e-transport.ts';
import { realtimeSuite } from '../../test/sockets.ts';

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`E2E recovery (${kind})`, () => {
    const rt = realtimeSuite({ kind });
    const sent = new Map<string, string>();
    let anna: Actor;
    let ben: Actor;

    beforeAll(async () => {
      [anna, ben] = (await actors(rt.app, 'anna', 'ben')) as [Actor, Actor];
    });

    /** What the first test leaves for the second. */
    const shared = {
      roomId: '',
      recoveryKey: '',
      epochs: 0,
      said: new Map<string, string>(),
      ben: undefined as E2eSession | undefined,
    };

    const historyRows = (userId: string, roomId: string) =>
      rt.app.db.kysely
        .selectFrom('e2e_history_keys')
        .select(['epoch', 'blob'])
        .where('user_id', '=', userId)
        .where('room_id', '=', roomId)
        .orderBy('epoch')
        .execute();
    const activeDevices = async (who: Actor) =>
      (await who.client.request('GET', `/api/e2e/devices?userIds=${who.id}`))
        .json()
        .devices.filter((d: { revokedAt: string | null }) => d.revokedAt === null)
        .map((d: { deviceId: string }) => d.deviceId);

    it('E2E-67, E2E-68: after a wipe the recovery key brings back the same identity on a new device, and restoring history opens the earlier epochs', async () => {
      const annaOld = await E2eSession.register({ uid: anna.id, transport: transport(anna, sent) });
      const benDevice = await E2eSession.register({ uid: ben.id, transport: transport(ben, sent) });
      const roomId = (
        await anna.client.request('POST', '/api/rooms', {
          kind: 'group',
          name: 'recovery',
          memberIds: [ben.id],
          encrypted: true,
        })
      ).json().room.id as string;
      expect(await annaOld.syncRoom(roomId)).toBe('ready');
      expect(await benDevice.syncRoom(roomId)).toBe('ready');
      expect(annaOld.backsUpHistory).toBe(false);
      const recoveryKey = await annaOld.setupRecovery();
      expect(recoveryKey).toMatch(/^([0-9A-HJKMNP-TV-Z]{4} ){13}[0-9A-HJKMNP-TV-Z]{2}$/);
      expect(annaOld.backsUpHistory).toBe(true);

      // Three messages in three epochs, from both sides; Anna's device backs up each epoch as it syncs.
      const said = new Map<string, string>();
      const say = async (who: E2eSession, body: string) => {
        const id = randomUUID();
        await who.send(roomId, { type: 'text', body }, id);
        said.set(id, body);
      };
      await say(annaOld, 'epoch one');
      await benDevice.rekey(roomId);
      await say(benDevice, 'epoch two, from ben');
      expect(await annaOld.syncRoom(roomId)).toBe('ready');
      await annaOld.rekey(roomId);
      await say(annaOld, 'epoch three');
      expect(await annaOld.syncRoom(roomId)).toBe('ready');
      const epochs = annaOld.group(roomId)!.epoch;
      expect((await historyRows(anna.id, roomId)).map((r) => r.epoch)).toEqual(
        Array.from({ length: epochs + 1 }, (_, e) => e),
      );
      // What the server keeps holds neither the recovery key nor any key of the session (the backup key too).
      const kept = JSON.stringify(
        await Promise.all(
          (['e2e_secret_stores', 'e2e_history_keys', 'audit_log'] as const).map((table) =>
            rt.app.db.kysely.selectFrom(table).selectAll().execute(),
          ),
        ),
      );
      const compact = recoveryKey.replace(/ /g, '');
      expect(kept).not.toContain(compact);
      for (const secret of annaOld.secretsForScan()) {
        expect(kept).not.toContain(Buffer.from(secret).toString('base64url'));
        expect(kept).not.toContain(Buffer.from(secret).toString('hex'));
      }
      // Backing up again sends nothing: the device remembers what the server has.
      expect(await annaOld.backupHistory()).toBe(0);
      // The state survives an export with the backup key (SPEC E2E-67).
      const restored = await E2eSession.restore(await annaOld.exportState(), transport(anna, sent));
      expect(restored.backsUpHistory).toBe(true);

      // The browser is wiped. A mistyped key is caught before any server call; another key does not open.
      const before = await activeDevices(anna);
      const typo = recoveryKey.slice(0, 5) + (recoveryKey[5] === 'A' ? 'B' : 'A') + recoveryKey.slice(6);
      const t = transport(anna, sent);
      expect(await codeOf(E2eSession.recover({ uid: anna.id, recoveryKey: typo, transport: t }))).toBe(
        'e2e.recovery_key_invalid',
      );
      const other = formatRecoveryKey(generateRecoveryKey());
      expect(await codeOf(E2eSession.recover({ uid: anna.id, recoveryKey: other, transport: t }))).toBe(
        'e2e.recovery_key_wrong',
      );
      // Neither registered a device.
      expect(await activeDevices(anna)).toEqual(before);

      const annaNew = await E2eSession.recover({ uid: anna.id, recoveryKey, transport: t });
      expect(annaNew.did).not.toBe(annaOld.did);
      const ids = (await anna.client.request('GET', `/api/e2e/devices?userIds=${anna.id}`)).json();
      expect(ids.identities).toEqual([expect.objectContaining({ userId: anna.id, mskVersion: 1 })]);
      const audit = await rt.app.db.kysely
        .selectFrom('audit_log')
        .select(['target_id', 'detail'])
        .where('action', '=', 'e2e.recovery_used')
        .where('actor_id', '=', anna.id)
        .execute();
      expect(audit.map((r) => r.target_id)).toEqual([annaNew.did]);

      // Ben's device adds the new device with no identity change to accept.
      expect(await annaNew.syncRoom(roomId)).toBe('waiting');
      expect(await benDevice.syncRoom(roomId)).toBe('ready');
      expect(benDevice.identityChanges()).toEqual([]);
      expect(await annaNew.syncRoom(roomId)).toBe('ready');

      // Before restoring, the earlier messages are of epochs this device was never in.
      const [firstId] = [...said.keys()];
      expect(await codeOf(annaNew.open(roomId, sent.get(firstId!)!))).toBe('e2e.missing_epoch_key');
      expect(await annaNew.restoreHistory(roomId)).toBe(epochs + 1);
      for (const [id, body] of said) {
        const opened = await annaNew.open(roomId, sent.get(id)!, { msgId: id });
        expect(opened.content).toEqual({ type: 'text', body });
      }
      // Restoring again adds nothing.
      expect(await annaNew.restoreHistory(roomId)).toBe(0);
      Object.assign(shared, { roomId, recoveryKey, epochs, said, ben: benDevice });

      // And the conversation goes on: Ben reads what the recovered device sends.
      const after = randomUUID();
      await annaNew.send(roomId, { type: 'text', body: 'back again' }, after);
      expect(
        (await benDevice.open(roomId, sent.get(after)!, { msgId: after, senderUid: anna.id })).content,
      ).toEqual({ type: 'text', body: 'back again' });
    });

    it('E2E-68: an entry the server moved to another epoch is not used, and another member never gets my entries', async () => {
      const { roomId, recoveryKey, epochs, said } = shared;
      // Ben is a member of the room but has no entries of his own; Anna's are never answered to him.
      expect((await ben.client.request('GET', `/api/rooms/${roomId}/e2e/history-keys`)).json()).toEqual({
        entries: [],
        hasMore: false,
      });
      // The server puts epoch 2's entry where epoch 1's was.
      const rows = await historyRows(anna.id, roomId);
      await rt.app.db.kysely
        .updateTable('e2e_history_keys')
        .set({ blob: rows.find((r) => Number(r.epoch) === 2)!.blob })
        .where('user_id', '=', anna.id)
        .where('room_id', '=', roomId)
        .where('epoch', '=', 1)
        .execute();
      const third = await E2eSession.recover({ uid: anna.id, recoveryKey, transport: transport(anna, sent) });
      expect(await shared.ben!.syncRoom(roomId)).toBe('ready');
      expect(await third.syncRoom(roomId)).toBe('ready');
      // Epochs 0..epochs+1 were backed up (the last by the second device, when it joined); all but the moved one.
      expect(await third.restoreHistory(roomId)).toBe(epochs + 1);
      const [epochOne, epochTwo] = [...said.keys()];
      expect(await codeOf(third.open(roomId, sent.get(epochOne!)!))).toBe('e2e.missing_epoch_key');
      expect((await third.open(roomId, sent.get(epochTwo!)!)).content).toEqual({
        type: 'text',
        body: said.get(epochTwo!),
      });
    });
  });
}
