import { readdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import sharp from 'sharp';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { failingStep } from '../../test/failing-step.ts';
import { actors, multipart, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';
import { listen, next, openSocket } from '../../test/sockets.ts';

const newGroup = async (owner: Actor, name: string, memberIds: string[]) =>
  (await owner.client.request('POST', '/api/rooms', { kind: 'group', name, memberIds })).json().room
    .id as string;
const newDirect = async (a: Actor, userId: string) =>
  (await a.client.request('POST', '/api/rooms', { kind: 'direct', userId })).json().room.id as string;
const pngImage = (background: string) =>
  sharp({ create: { width: 8, height: 8, channels: 3, background } })
    .png()
    .toBuffer();

for (const { kind, skip } of DATABASE_KINDS) {
  for (const mode of ['keep', 'remove'] as const) {
    describe.skipIf(skip)(`account deletion, DELETED_USER_MESSAGES=${mode} (${kind})`, () => {
      let t: TestApp;
      beforeAll(async () => {
        t = await startTestApp({ kind, env: { DELETED_USER_MESSAGES: mode } });
        // The first account is the administrator; the deleted ones are not the last (ACCT-9).
        await actors(t, 'admin');
      });
      afterAll(() => t.close());

      const send = async (a: Actor, roomId: string, body: string, uploadTokens?: string[]) => {
        const res = await a.client.request('POST', `/api/rooms/${roomId}/messages`, {
          id: uuidv7(),
          body,
          ...(uploadTokens ? { uploadTokens } : {}),
        });
        expect(res.statusCode, res.body).toBe(200);
        return res.json().message as { id: string };
      };
      const history = async (a: Actor, roomId: string) =>
        (await a.client.request('GET', `/api/rooms/${roomId}/messages`)).json().messages as {
          id: string;
          kind: string;
          body: string;
          deletedAt: string | null;
          sender: { id: string; nickname: string; deleted: boolean } | null;
          files: { id: string; deleted?: boolean }[];
          system: { type: string } | null;
        }[];

      it('ACCT-1, ACCT-2, ACCT-3: a user who sent messages and files deletes their account; nothing breaks', async () => {
        const [gone, owner, peer] = await actors(t, 'gone', 'owner', 'peer');
        const roomId = await newGroup(owner!, '개발팀', [gone!.id, peer!.id]);
        const dm = await newDirect(gone!, peer!.id);
        // Their own group, which they own: it must keep an owner.
        const own = await newGroup(gone!, '내 방', [peer!.id]);
        const up = (await gone!.client.upload(roomId, '회의록.png', await pngImage('#36c'))).json();
        const withFile = await send(gone!, roomId, '회의록 올립니다', [up.uploadToken]);
        const text = await send(gone!, dm, '안녕하세요');
        const poll = (
          await gone!.client.request('POST', `/api/rooms/${roomId}/polls`, {
            question: '회식 장소?',
            options: ['한식', '중식'],
          })
        ).json().poll as { id: string; messageId: string };
        await send(peer!, dm, '반가워요');
        const { body, contentType } = multipart([], { name: 'me.png', data: await pngImage('#36c') });
        await gone!.client.request('POST', '/api/profile/image', undefined, {
          raw: body,
          headers: { 'content-type': contentType },
        });
        const avatarFiles = () =>
          readdirSync(path.join(t.config.dataDir, 'files', 'avatars')).filter((n) => n.startsWith(gone!.id));
        expect(avatarFiles()).toHaveLength(2);

        const wrong = await gone!.client.request('DELETE', '/api/me', { password: 'not-my-password' });
        expect(wrong.statusCode).toBe(400);
        expect(wrong.json().code).toBe('auth.wrong_password');
        const res = await gone!.client.request('DELETE', '/api/me', { password: 'password123' });
        expect(res.statusCode, res.body).toBe(200);

        // Sessions ended; the password no longer logs in; the username is free again.
        expect((await gone!.client.request('GET', '/api/me')).statusCode).toBe(401);
        const again = t.client();
        expect((await again.login(gone!.username)).statusCode).toBe(401);
        expect((await t.client().register(gone!.username)).statusCode).toBe(200);
        expect(avatarFiles()).toEqual([]);

        // Messages stay (or are tombstones), and name nobody.
        const msgs = await history(owner!, roomId);
        const m = msgs.find((x) => x.id === withFile.id)!;
        expect(m.sender).toMatchObject({ id: gone!.id, deleted: true, nickname: '' });
        if (mode === 'keep') {
          expect(m.body).toBe('회의록 올립니다');
          expect(m.files).toHaveLength(1);
          expect((await owner!.client.request('GET', `/uploads/${up.file.id}`)).statusCode).toBe(200);
        } else {
          expect(m).toMatchObject({ body: '', files: [] });
          expect(m.deletedAt).not.toBeNull();
          expect((await owner!.client.request('GET', `/uploads/${up.file.id}`)).statusCode).toBe(404);
        }
        expect(msgs.at(-1)!.system).toMatchObject({ type: 'left' });
        // Their poll stays with its question, or goes with the rest.
        const pollMsg = msgs.find((x) => x.id === poll.messageId)!;
        expect(pollMsg.body).toBe(mode === 'keep' ? '회식 장소?' : '');
        expect((await owner!.client.request('GET', `/api/polls/${poll.id}`)).statusCode).toBe(
          mode === 'keep' ? 200 : 404,
        );
        // A removed message is no longer found by search either.
        const found = (
          await owner!.client.request('GET', `/api/search?q=${encodeURIComponent('회의록')}`)
        ).json().hits as { message: { id: string } }[];
        expect(found.map((h) => h.message.id).includes(withFile.id)).toBe(mode === 'keep');

        // Their group has an owner; the direct room stays readable but closed.
        const ownMembers = (await peer!.client.request('GET', `/api/rooms/${own}`)).json().members;
        expect(ownMembers).toMatchObject([{ user: { id: peer!.id }, role: 'owner' }]);
        const direct = (await peer!.client.request('GET', `/api/rooms/${dm}`)).json().room;
        expect(direct).toMatchObject({ postPolicy: 'closed', peer: { id: gone!.id, deleted: true } });
        const dmMsgs = await history(peer!, dm);
        expect(dmMsgs.find((x) => x.id === text.id)!.body).toBe(mode === 'keep' ? '안녕하세요' : '');
        const refused = await peer!.client.request('POST', `/api/rooms/${dm}/messages`, {
          id: uuidv7(),
          body: '계세요?',
        });
        expect(refused.statusCode).toBe(403);
        expect(refused.json().code).toBe('room.read_only');
        // Opening the direct room again gives the closed one; nobody starts a new one with a deleted user.
        const reopen = await peer!.client.request('POST', '/api/rooms', { kind: 'direct', userId: gone!.id });
        expect(reopen.json().room.id).toBe(dm);
        const [other] = await actors(t, 'other');
        const fresh = await other!.client.request('POST', '/api/rooms', { kind: 'direct', userId: gone!.id });
        expect(fresh.json().code).toBe('user.deleted');
        const invite = await owner!.client.request('POST', `/api/rooms/${roomId}/members`, {
          userIds: [gone!.id],
        });
        expect(invite.json().code).toBe('user.not_found');
        const dir = (await owner!.client.request('GET', '/api/users?limit=100')).json().users as {
          id: string;
        }[];
        expect(dir.map((u) => u.id)).not.toContain(gone!.id);
      });

      it('ACCT-1: a deletion that fails half-way, after it wrote most of its rows, changes nothing; tried again, it is all gone', async () => {
        const [gone, owner, peer] = await actors(t, 'gone', 'owner', 'peer');
        const kept = await newGroup(owner!, '남는 방', [gone!.id, peer!.id]);
        const own = await newGroup(gone!, '내 방', [peer!.id]);
        const dm = await newDirect(gone!, peer!.id);
        // A message with everything that can hang on one: a file, a mention, a reaction, a notice; a poll.
        const up = (await gone!.client.upload(kept, '계획서.png', await pngImage('#6c3'))).json();
        const said = await send(gone!, kept, `@${peer!.username} 지워지면 안 돼요 계획서`, [up.uploadToken]);
        await peer!.client.request('POST', `/api/messages/${said.id}/reactions`, { emoji: '👍' });
        const pin = (
          await owner!.client.request('POST', `/api/rooms/${kept}/pins`, { messageId: said.id })
        ).json().pin as { id: string };
        const poll = (
          await gone!.client.request('POST', `/api/rooms/${kept}/polls`, {
            question: '점심?',
            options: ['밥', '면'],
          })
        ).json().poll as { id: string };
        await send(gone!, dm, '안녕하세요');
        const { body, contentType } = multipart([], { name: 'me.png', data: await pngImage('#c36') });
        const avatarUrl = (
          await gone!.client.request('POST', '/api/profile/image', undefined, {
            raw: body,
            headers: { 'content-type': contentType },
          })
        ).json().avatarUrl as string;
        const snapshot = async () => ({
          me: (await gone!.client.request('GET', '/api/me')).statusCode,
          kept: await history(owner!, kept),
          keptMembers: (await owner!.client.request('GET', `/api/rooms/${kept}`)).json().members,
          own: (await peer!.client.request('GET', `/api/rooms/${own}`)).json().members,
          ownHistory: await history(peer!, own),
          dm: (await peer!.client.request('GET', `/api/rooms/${dm}`)).json().room,
          dmHistory: await history(peer!, dm),
          pins: (await owner!.client.request('GET', `/api/rooms/${kept}/pins`)).json().pins,
          poll: (await owner!.client.request('GET', `/api/polls/${poll.id}`)).json(),
          found: (
            (await owner!.client.request('GET', `/api/search?q=${encodeURIComponent('계획서')}`)).json()
              .hits as {
              message: { id: string };
            }[]
          ).map((h) => h.message.id),
          file: (await owner!.client.request('GET', `/uploads/${up.file.id}`)).statusCode,
          avatar: (await peer!.client.request('GET', avatarUrl)).statusCode,
        });
        const before = await snapshot();
        expect(before.found).toEqual([said.id]);
        expect(before.pins.map((p: { id: string }) => p.id)).toContain(pin.id);

        // The last step (anonymizing the row) fails; the trigger fires only once the steps before it are
        // written in the transaction (else the deletion goes through and the 500 below is not seen): sessions
        // ended, every room left (a `left` line in their own group), the direct room closed, and with
        // `remove` their messages tombstoned with their notice gone.
        const halfWay = [
          'not exists (select 1 from sessions where user_id = old.id and revoked_at is null)',
          'not exists (select 1 from room_members where user_id = old.id)',
          `exists (select 1 from messages where room_id = '${own}' and system_event like '%"left"%')`,
          `exists (select 1 from rooms where id = '${dm}' and post_policy = 'closed')`,
          ...(mode === 'remove'
            ? [
                `not exists (select 1 from messages where sender_id = old.id and kind in ('text', 'poll')
                  and deleted_at is null)`,
                `not exists (select 1 from pins where id = '${pin.id}')`,
              ]
            : []),
        ].join(' and ');
        const db = t.db.kysely;
        const restore = await failingStep(db, kind, 'users', 'update of deleted_at', halfWay);
        try {
          const res = await gone!.client.request('DELETE', '/api/me', { password: 'password123' });
          expect(res.statusCode, res.body).toBe(500);
        } finally {
          await restore();
        }

        // Fully there: still signed in, in every room with the same role, every message, file, reaction,
        // notice, poll and search entry as before, the direct room open, the image there, nothing audited.
        expect(await snapshot()).toEqual(before);
        const audited = async () =>
          db
            .selectFrom('audit_log')
            .select('action')
            .where('target_id', '=', gone!.id)
            .where('action', '=', 'account.deleted')
            .execute();
        expect(await audited()).toEqual([]);

        // Nothing half done stands in the way of trying again, and then it is fully gone.
        const again = await gone!.client.request('DELETE', '/api/me', { password: 'password123' });
        expect(again.statusCode, again.body).toBe(200);
        const after = await snapshot();
        expect(after.me).toBe(401);
        expect(after.own).toMatchObject([{ user: { id: peer!.id }, role: 'owner' }]);
        expect(after.keptMembers.map((m: { user: { id: string } }) => m.user.id)).not.toContain(gone!.id);
        expect(after.dm.postPolicy).toBe('closed');
        const m = after.kept.find((x) => x.id === said.id)!;
        expect(m.sender).toMatchObject({ id: gone!.id, deleted: true, nickname: '' });
        expect(m.body).toBe(mode === 'keep' ? before.kept.find((x) => x.id === said.id)!.body : '');
        expect(after.file).toBe(mode === 'keep' ? 200 : 404);
        expect(after.pins.map((p: { id: string }) => p.id).includes(pin.id)).toBe(mode === 'keep');
        expect(after.found).toEqual(mode === 'keep' ? [said.id] : []);
        expect(after.avatar).toBe(404);
        expect(await audited()).toHaveLength(1);
      });
    });
  }

  describe.skipIf(skip)(`account deletion while removed from a group meanwhile (${kind})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ kind });
      await actors(t, 'admin'); // the first account, the administrator (ACCT-9)
    });
    afterAll(() => t.close());

    const systemTypes = async (a: Actor, roomId: string) =>
      (
        (await a.client.request('GET', `/api/rooms/${roomId}/messages`)).json().messages as {
          system: { type: string; targets: { id: string }[] } | null;
        }[]
      ).flatMap((m) => (m.system ? [`${m.system.type}:${m.system.targets.map((u) => u.id).join(',')}`] : []));

    it('ACCT-3: a membership that is gone by the time the deletion leaves that group is skipped; the deletion completes', async () => {
      const [gone, owner] = await actors(t, 'gone', 'owner');
      const a = await newGroup(owner!, '첫째 방', [gone!.id]);
      const b = await newGroup(owner!, '둘째 방', [gone!.id]);
      // Whichever group the deletion leaves first, its other membership disappears right then, as if a kick
      // had committed after the deletion listed its rooms (a trigger: the same on both databases).
      const db = t.db.kysely;
      const others = `delete from room_members where user_id = old.user_id and room_id <> old.room_id
        and room_id in ('${a}', '${b}')`;
      if (kind === 'sqlite') {
        await sql`${sql.raw(`create trigger gone_elsewhere after delete on room_members
          when old.user_id = '${gone!.id}' begin ${others}; end`)}`.execute(db);
      } else {
        await sql`${sql.raw(`create function gone_elsewhere() returns trigger as $$
          begin if old.user_id = '${gone!.id}' then ${others}; end if; return old; end $$ language plpgsql`)}`.execute(
          db,
        );
        await sql`${sql.raw(`create trigger gone_elsewhere after delete on room_members
          for each row execute function gone_elsewhere()`)}`.execute(db);
      }
      try {
        const res = await gone!.client.request('DELETE', '/api/me', { password: 'password123' });
        expect(res.statusCode, res.body).toBe(200);
      } finally {
        await sql`${sql.raw(kind === 'sqlite' ? 'drop trigger gone_elsewhere' : 'drop trigger gone_elsewhere on room_members')}`.execute(
          db,
        );
        if (kind === 'postgres') await sql`drop function gone_elsewhere()`.execute(db);
      }
      expect((await gone!.client.request('GET', '/api/me')).statusCode).toBe(401);
      // One room got the deletion's `left`, the other none (its removal was someone else's); no member left.
      const lefts = [...(await systemTypes(owner!, a)), ...(await systemTypes(owner!, b))].filter(
        (x) => x === `left:${gone!.id}`,
      );
      expect(lefts).toHaveLength(1);
      for (const roomId of [a, b]) {
        const members = (await owner!.client.request('GET', `/api/rooms/${roomId}`)).json().members;
        expect(members).toMatchObject([{ user: { id: owner!.id }, role: 'owner' }]);
      }
    });

    // Two transactions at once: PostgreSQL's (SQLite runs one write transaction at a time).
    it.skipIf(kind === 'sqlite')(
      'ACCT-3, ROOM-3: a kick that commits while the deletion waits to leave that group: kicked, and the account is deleted',
      async () => {
        const [gone, owner, peer] = await actors(t, 'gone', 'owner', 'peer');
        const roomId = await newGroup(owner!, '경합 방', [gone!.id, peer!.id]);
        const blocker = new pg.Client({ connectionString: t.database.url });
        await blocker.connect();
        const waiting = async () =>
          (
            await blocker.query(
              `select count(*)::int as n from pg_stat_activity
               where datname = current_database() and wait_event_type = 'Lock'`,
            )
          ).rows[0].n as number;
        try {
          // The kick removes the row, then waits on the room (held here) before it can commit.
          await blocker.query('begin');
          await blocker.query('select id from rooms where id = $1 for update', [roomId]);
          const kick = owner!.client.request('DELETE', `/api/rooms/${roomId}/members/${gone!.id}`);
          await expect.poll(waiting).toBe(1);
          // The deletion lists the group (the kick has not committed) and waits on the kick's row.
          const deletion = gone!.client.request('DELETE', '/api/me', { password: 'password123' });
          await expect.poll(waiting).toBe(2);
          await blocker.query('commit');
          expect((await kick).statusCode).toBe(200);
          const res = await deletion;
          expect(res.statusCode, res.body).toBe(200);
        } finally {
          await blocker.end();
        }
        expect((await gone!.client.request('GET', '/api/me')).statusCode).toBe(401);
        const types = await systemTypes(owner!, roomId);
        expect(types).toContain(`kicked:${gone!.id}`);
        expect(types).not.toContain(`left:${gone!.id}`);
        const members = (await owner!.client.request('GET', `/api/rooms/${roomId}`)).json().members as {
          user: { id: string };
        }[];
        expect(members.map((m) => m.user.id).sort()).toEqual([owner!.id, peer!.id].sort());
      },
    );
  });

  describe.skipIf(skip)(`deactivation by server admins (${kind})`, () => {
    let t: TestApp;
    let admin: Actor;
    beforeAll(async () => {
      t = await startTestApp({ kind });
      [admin] = (await actors(t, 'admin')) as [Actor];
    });
    afterAll(() => t.close());

    it('ACCT-4: a deactivated user cannot log in and their sessions end; reactivation restores login; audited', async () => {
      const [u, plain, stranger] = await actors(t, 'user', 'plain', 'stranger');
      // plain and u talked before; stranger never did.
      await plain!.client.request('POST', '/api/rooms', { kind: 'direct', userId: u!.id });
      expect((await plain!.client.request('POST', `/api/admin/users/${u!.id}/deactivate`)).json().code).toBe(
        'admin.required',
      );
      expect((await plain!.client.request('GET', '/api/admin/users')).statusCode).toBe(403);
      expect(
        (await admin.client.request('POST', `/api/admin/users/${admin.id}/deactivate`)).json().code,
      ).toBe('admin.self');
      const res = await admin.client.request('POST', `/api/admin/users/${u!.id}/deactivate`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().user.deactivatedAt).not.toBeNull();
      expect((await u!.client.request('GET', '/api/me')).statusCode).toBe(401);
      const login = await t.client().login(u!.username);
      expect(login.statusCode).toBe(403);
      expect(login.json().code).toBe('auth.account_deactivated');
      const bad = await t.client().login(u!.username, 'wrong-password');
      expect(bad.json().code).toBe('auth.invalid_credentials');
      const list = (await admin.client.request('GET', `/api/admin/users?q=${u!.username}`)).json().users;
      expect(list).toMatchObject([{ id: u!.id, deactivatedAt: expect.any(String) }]);
      const dm = (
        await plain!.client.request('POST', '/api/rooms', { kind: 'direct', userId: u!.id })
      ).json();
      expect(dm.room.peer).toMatchObject({ id: u!.id, deactivated: true, deleted: false });
      // Nobody starts a new conversation with them or invites them while they are deactivated.
      const fresh = await stranger!.client.request('POST', '/api/rooms', { kind: 'direct', userId: u!.id });
      expect(fresh.statusCode).toBe(400);
      expect(fresh.json().code).toBe('user.deactivated');
      const group = await stranger!.client.request('POST', '/api/rooms', {
        kind: 'group',
        name: '신규',
        memberIds: [u!.id],
      });
      expect(group.json().code).toBe('user.deactivated');
      const roomId = (
        await stranger!.client.request('POST', '/api/rooms', { kind: 'group', name: '기존', memberIds: [] })
      ).json().room.id as string;
      const invite = await stranger!.client.request('POST', `/api/rooms/${roomId}/members`, {
        userIds: [u!.id],
      });
      expect(invite.json().code).toBe('user.deactivated');

      const back = await admin.client.request('POST', `/api/admin/users/${u!.id}/reactivate`);
      expect(back.json().user.deactivatedAt).toBeNull();
      expect((await t.client().login(u!.username)).statusCode).toBe(200);
      const again = await stranger!.client.request('POST', `/api/rooms/${roomId}/members`, {
        userIds: [u!.id],
      });
      expect(again.statusCode, again.body).toBe(200);
      const audit = await t.db.kysely
        .selectFrom('audit_log')
        .select(['action', 'actor_id'])
        .where('target_id', '=', u!.id)
        .where('action', 'like', 'user.%')
        .orderBy('created_at')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['user.deactivated', 'user.reactivated']);
      expect(audit.every((a) => a.actor_id === admin.id)).toBe(true);
    });

    it('ACCT-5: a server admin grants and removes administration, never their own; audited', async () => {
      const [helper, plain] = await actors(t, 'helper', 'plain2');
      const grant = (who: Actor, id: string, on: boolean) =>
        who.client.request('POST', `/api/admin/users/${id}/admin`, { admin: on });
      expect((await grant(plain!, helper!.id, true)).json().code).toBe('admin.required');
      expect((await grant(admin, admin.id, false)).json().code).toBe('admin.self_change');
      expect((await grant(admin, 'no-such-user', true)).json().code).toBe('user.not_found');
      const bad = await admin.client.request('POST', `/api/admin/users/${helper!.id}/admin`, {
        admin: 'yes',
      });
      expect(bad.json().code).toBe('request.invalid_body');

      expect((await grant(admin, helper!.id, true)).json().user.isAdmin).toBe(true);
      // At once, on the session they already have.
      expect((await helper!.client.request('GET', '/api/admin/users')).statusCode).toBe(200);
      expect((await helper!.client.request('GET', '/api/me')).json().user.isAdmin).toBe(true);
      expect((await grant(helper!, admin.id, false)).json().user.isAdmin).toBe(false);
      expect((await admin.client.request('GET', '/api/admin/users')).json().code).toBe('admin.required');
      expect((await grant(helper!, admin.id, true)).statusCode).toBe(200);
      expect((await grant(admin, helper!.id, false)).json().user.isAdmin).toBe(false);
      const audit = await t.db.kysely
        .selectFrom('audit_log')
        .select(['action', 'actor_id', 'target_id'])
        .where('action', 'in', ['user.admin_granted', 'user.admin_revoked'])
        .orderBy('seq')
        .execute();
      expect(audit).toEqual([
        { action: 'user.admin_granted', actor_id: admin.id, target_id: helper!.id },
        { action: 'user.admin_revoked', actor_id: helper!.id, target_id: admin.id },
        { action: 'user.admin_granted', actor_id: helper!.id, target_id: admin.id },
        { action: 'user.admin_revoked', actor_id: admin.id, target_id: helper!.id },
      ]);
    });

    it('ACCT-6: a server admin signs someone out on every device; their open sockets hear why', async () => {
      const [target] = await actors(t, 'target');
      const second = t.client();
      await second.login(target!.username);
      const url = await listen(t);
      const socket = await openSocket(url, target!.client);
      try {
        const ended = next(socket, 'session:revoked');
        const res = await admin.client.request('POST', `/api/admin/users/${target!.id}/sign-out`);
        expect(res.json()).toEqual({ ok: true, revokedSessions: 2 });
        expect(await ended).toMatchObject({ reason: 'signed_out_by_admin', code: 'auth.session_revoked' });
      } finally {
        socket.disconnect();
      }
      expect((await target!.client.request('GET', '/api/me')).statusCode).toBe(401);
      expect((await second.request('GET', '/api/me')).statusCode).toBe(401);
      expect((await t.client().login(target!.username)).statusCode).toBe(200);
      expect((await admin.client.request('POST', `/api/admin/users/${admin.id}/sign-out`)).json().code).toBe(
        'admin.self_change',
      );
      const row = await t.db.kysely
        .selectFrom('audit_log')
        .select(['actor_id', 'detail'])
        .where('action', '=', 'user.signed_out')
        .where('target_id', '=', target!.id)
        .executeTakeFirstOrThrow();
      expect(row.actor_id).toBe(admin.id);
      expect(JSON.parse(row.detail)).toEqual({ sessions: 2 });
    });
  });
}
