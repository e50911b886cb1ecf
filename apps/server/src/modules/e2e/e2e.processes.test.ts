import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../../test/databases.ts';
import { startTestApp, type TestApp, type TestClient } from '../../test/harness.ts';

const opaque = (n = 48): string => randomBytes(n).toString('base64url');

/** The same signed-in browser, talking to another process (sessions and CSRF secret live in the database). */
function sameBrowserOn(app: TestApp, from: TestClient): TestClient {
  const c = app.client();
  for (const [k, v] of from.cookies) c.cookies.set(k, v);
  c.csrfToken = from.csrfToken;
  return c;
}

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`MLS delivery service across two processes (${kind})`, () => {
    let database: TestDatabase;
    let p1: TestApp;
    let p2: TestApp;
    beforeAll(async () => {
      database = await createTestDatabase(kind);
      p1 = await startTestApp({ database });
      p2 = await startTestApp({ database });
    });
    afterAll(async () => {
      await p1.close();
      await p2.close();
      await database.dispose();
    });

    it('E2E-25, E2E-23: one commit wins per epoch and each key package goes once, with requests split over two processes', async () => {
      const [a1, b1] = [p1.client(), p1.client()];
      await a1.register(`pa_${randomBytes(3).toString('hex')}`);
      const bId = (await b1.register(`pb_${randomBytes(3).toString('hex')}`)).json().user.id as string;
      const [a2, b2] = [sameBrowserOn(p2, a1), sameBrowserOn(p2, b1)];
      const roomId = (
        await a1.request('POST', '/api/rooms', {
          kind: 'group',
          name: 'x',
          memberIds: [bId],
          encrypted: true,
        })
      ).json().room.id as string;
      const made = await a2.request('POST', `/api/rooms/${roomId}/e2e/group`, {
        groupId: opaque(16),
        groupInfo: opaque(),
      });
      expect(made.statusCode).toBe(200);

      const clients = [a1, b2, a2, b1];
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          clients[i % 4]!.request('POST', `/api/rooms/${roomId}/e2e/commits`, {
            epoch: 0,
            commit: opaque(),
            groupInfo: opaque(),
          }),
        ),
      );
      expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
      const lost = results.filter((r) => r.statusCode !== 200);
      expect(lost.map((r) => [r.statusCode, r.json().code, r.json().currentEpoch])).toEqual(
        Array(7).fill([409, 'e2e.epoch_conflict', 1]),
      );

      // Key packages of b's device, claimed by a through both processes at once.
      const deviceId = 'd_cross';
      const reg = await b1.request('POST', '/api/e2e/devices', {
        deviceId,
        cert: opaque(),
        mskPub: opaque(32),
      });
      expect(reg.statusCode).toBe(200);
      const kps = Array.from({ length: 6 }, () => opaque());
      await b2.request('POST', `/api/e2e/devices/${deviceId}/key-packages`, {
        keyPackages: kps.map((data) => ({ data })),
      });
      const claims = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? a1 : a2).request('POST', '/api/e2e/key-packages/claim', { userIds: [bId] }),
        ),
      );
      const got = claims.flatMap((r) => r.json().keyPackages as { data: string }[]).map((k) => k.data);
      expect(got.sort()).toEqual([...kps].sort());
      expect(claims.flatMap((r) => r.json().exhausted)).toHaveLength(4);
    });
  });
}
