import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';

/** Which rooms are end-to-end encrypted (SPEC E2E-110..E2E-112; design e2e.md 5.10). */
for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`E2E-110: the organisation's E2E policy (${kind})`, () => {
    let t: TestApp;
    let admin: Actor;
    let ana: Actor;
    let ben: Actor;
    let cho: Actor;

    beforeAll(async () => {
      t = await startTestApp({ kind });
      [admin, ana, ben, cho] = (await actors(t, 'root', 'ana', 'ben', 'cho')) as [Actor, Actor, Actor, Actor];
    });
    afterAll(() => t.close());

    const policy = (who: Actor, e2ePolicy: unknown) =>
      who.client.request('PUT', '/api/admin/settings', { e2ePolicy });
    const create = (who: Actor, body: Record<string, unknown>) =>
      who.client.request('POST', '/api/rooms', body);
    const auditOf = async () =>
      (await admin.client.request('GET', '/api/admin/audit?action=server')).json().entries as {
        action: string;
        detail: Record<string, { from: unknown; to: unknown }>;
      }[];

    it('E2E-110: the policy is "default" until an administrator changes it, in the settings and in /api/config', async () => {
      const settings = (await admin.client.request('GET', '/api/admin/settings')).json();
      expect(settings.settings.e2ePolicy).toBe('default');
      expect(settings.defaults.e2ePolicy).toBe('default');
      expect((await ana.client.request('GET', '/api/config')).json().e2ePolicy).toBe('default');
    });

    it('E2E-110: only server administrators change it, to one of the three values, audited with from and to', async () => {
      const refused = await policy(ana, 'off');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('admin.required');
      const bad = await policy(admin, 'sometimes');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('request.invalid_body');

      const res = await policy(admin, 'required');
      expect(res.statusCode).toBe(200);
      expect(res.json().settings.e2ePolicy).toBe('required');
      expect((await ana.client.request('GET', '/api/config')).json().e2ePolicy).toBe('required');
      expect((await auditOf())[0]).toMatchObject({
        action: 'server.settings_changed',
        detail: { e2ePolicy: { from: 'default', to: 'required' } },
      });
    });

    it('E2E-111: with the policy off, new encrypted rooms are refused and standard ones still made', async () => {
      const encryptedGroup = (
        await create(ana, { kind: 'group', name: 'before', memberIds: [ben.id], encrypted: true })
      ).json().room;
      expect(encryptedGroup.e2e).toBe(true);
      expect((await policy(admin, 'off')).statusCode).toBe(200);
      expect((await cho.client.request('GET', '/api/config')).json().e2ePolicy).toBe('off');

      for (const body of [
        { kind: 'direct', userId: cho.id, encrypted: true },
        { kind: 'group', name: 'secret', memberIds: [ben.id], encrypted: true },
      ]) {
        const res = await create(ana, body);
        expect(res.statusCode).toBe(403);
        expect(res.json()).toEqual({ error: expect.any(String), code: 'room.e2e_disabled' });
      }
      // Nothing was made: ana's rooms are the one encrypted group from before.
      const rooms = (await ana.client.request('GET', '/api/rooms')).json().rooms as { id: string }[];
      expect(rooms.map((r) => r.id)).toEqual([encryptedGroup.id]);

      const direct = await create(ana, { kind: 'direct', userId: cho.id });
      expect(direct.statusCode).toBe(200);
      expect(direct.json().room.e2e).toBe(false);
      const group = await create(ana, {
        kind: 'group',
        name: 'plain',
        memberIds: [ben.id],
        encrypted: false,
      });
      expect(group.json().room.e2e).toBe(false);

      // The room made before stays encrypted, and its members still invite into it.
      const detail = (await ana.client.request('GET', `/api/rooms/${encryptedGroup.id}`)).json();
      expect(detail.room.e2e).toBe(true);
      const invite = await ana.client.request('POST', `/api/rooms/${encryptedGroup.id}/members`, {
        userIds: [cho.id],
      });
      expect(invite.statusCode).toBe(200);
    });

    it('E2E-111: the refusal is in Korean for a Korean client', async () => {
      const res = await ana.client.request(
        'POST',
        '/api/rooms',
        { kind: 'direct', userId: ben.id, encrypted: true },
        { headers: { 'accept-language': 'ko' } },
      );
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatch(/종단간 암호화/);
    });

    it('E2E-112: whatever the policy, a room asked for without `encrypted` is standard (API clients, bots)', async () => {
      for (const p of ['default', 'required'] as const) {
        expect((await policy(admin, p)).statusCode).toBe(200);
        const direct = (await create(ben, { kind: 'direct', userId: cho.id })).json().room;
        expect(direct.e2e).toBe(false);
        const group = (await create(ben, { kind: 'group', name: `g-${p}`, memberIds: [cho.id] })).json().room;
        expect(group.e2e).toBe(false);
        // Asked for, the encrypted direct room is a second room beside the standard one (E2E-40).
        const encrypted = (await create(ben, { kind: 'direct', userId: cho.id, encrypted: true })).json()
          .room;
        expect(encrypted.e2e).toBe(true);
        expect(encrypted.id).not.toBe(direct.id);
      }
    });
  });
}
