import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';
import { AuditRepository } from './audit.repository.ts';

interface Entry {
  action: string;
  actor: { username: string } | null;
  target: { username: string } | null;
  roomId: string | null;
  detail: Record<string, unknown>;
}

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`AUDIT-1: security actions of people are in the log (${kind})`, () => {
    let t: TestApp;
    let root: Actor;
    let owner: Actor;
    let member: Actor;
    beforeAll(async () => {
      t = await startTestApp({ kind });
      [root, owner, member] = (await actors(t, 'root', 'owner', 'member')) as [Actor, Actor, Actor];
    });
    afterAll(() => t.close());

    const entries = async (action: string): Promise<Entry[]> =>
      (await root.client.request('GET', `/api/admin/audit?action=${action}`)).json().entries;

    it('a password change, with how many other sessions it ended', async () => {
      await t.client().login(member.username);
      const res = await member.client.request('PUT', '/api/me/password', {
        currentPassword: 'password123',
        newPassword: 'password456',
      });
      expect(res.json()).toEqual({ ok: true, revokedSessions: 1 });
      expect(await entries('auth.password_changed')).toMatchObject([
        {
          actor: { username: member.username },
          target: { username: member.username },
          detail: { sessionsEnded: 1 },
        },
      ]);
    });

    it('signing out one of one’s own sessions; an unknown session is 404 and not audited', async () => {
      const other = t.client();
      await other.login(owner.username);
      const list = (await owner.client.request('GET', '/api/me/sessions')).json().sessions as {
        id: string;
        current: boolean;
      }[];
      const theirs = list.find((s) => !s.current)!;
      expect((await owner.client.request('DELETE', `/api/me/sessions/${theirs.id}`)).statusCode).toBe(200);
      expect((await other.request('GET', '/api/me')).json().code).toBe('auth.session_revoked');
      const again = await owner.client.request('DELETE', `/api/me/sessions/${theirs.id}`);
      expect(again.statusCode).toBe(404);
      expect(await entries('auth.session_revoked')).toMatchObject([
        { actor: { username: owner.username }, detail: { sessionId: theirs.id } },
      ]);
    });

    it('a room admin deleting someone else’s message (in the room’s log too); one’s own deletion is not', async () => {
      const roomId = (
        await owner.client.request('POST', '/api/rooms', {
          kind: 'group',
          name: 'team',
          memberIds: [member.id],
        })
      ).json().room.id as string;
      const send = async (a: Actor, text: string) =>
        (await a.client.request('POST', `/api/rooms/${roomId}/messages`, { body: text })).json().message
          .id as string;
      const theirs = await send(member, '지울 메시지');
      const mine = await send(owner, 'my own');
      expect((await owner.client.request('DELETE', `/api/messages/${theirs}`)).statusCode).toBe(200);
      expect((await owner.client.request('DELETE', `/api/messages/${mine}`)).statusCode).toBe(200);
      expect(await entries('message.deleted_by_admin')).toMatchObject([
        {
          actor: { username: owner.username },
          target: { username: member.username },
          roomId,
          detail: { messageId: theirs },
        },
      ]);
      const roomLog = (await owner.client.request('GET', `/api/rooms/${roomId}/admin-audit-logs`)).json()
        .entries as Entry[];
      expect(roomLog.map((e) => e.action)).toContain('message.deleted_by_admin');
      expect((await new AuditRepository(t.db.kysely).verify()).ok).toBe(true);
    });
  });
}
