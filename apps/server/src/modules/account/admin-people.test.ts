import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../audit/audit.repository.ts';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';
import { listen, next, openSocket } from '../../test/sockets.ts';

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`people in the admin console (${kind})`, () => {
    let t: TestApp;
    let admin: Actor;
    beforeAll(async () => {
      t = await startTestApp({ kind });
      [admin] = (await actors(t, 'admin')) as [Actor];
    });
    afterAll(() => t.close());

    const auditOf = (action: string, targetId: string) =>
      t.db.kysely
        .selectFrom('audit_log')
        .select(['actor_id', 'detail'])
        .where('action', '=', action)
        .where('target_id', '=', targetId)
        .execute();

    it('ACCT-7: a server admin creates an account; without a password one is generated and answered once; audited', async () => {
      const [plain] = await actors(t, 'plain');
      const body = { username: 'new_hire', nickname: '신입' };
      expect((await plain!.client.request('POST', '/api/admin/users', body)).json().code).toBe(
        'admin.required',
      );
      const bad = await admin.client.request('POST', '/api/admin/users', { username: 'a b', nickname: 'x' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('request.invalid_body');
      const short = await admin.client.request('POST', '/api/admin/users', { ...body, password: 'short' });
      expect(short.statusCode).toBe(400);

      const res = await admin.client.request('POST', '/api/admin/users', body);
      expect(res.statusCode, res.body).toBe(200);
      const created = res.json() as {
        user: { id: string; username: string; mustChangePassword: boolean; authSource: string };
        temporaryPassword: string;
      };
      expect(created.user).toMatchObject({
        username: 'new_hire',
        mustChangePassword: true,
        authSource: 'local',
      });
      expect(created.temporaryPassword).toMatch(/^[A-Za-z0-9]{16}$/);
      const again = await admin.client.request('POST', '/api/admin/users', { username: 'NEW_HIRE' });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('user.username_taken');
      // The temporary password signs in, to a session that must choose a new password first (ACCT-8).
      const login = await t.client().login('new_hire', created.temporaryPassword);
      expect(login.statusCode, login.body).toBe(200);
      expect(login.json().user.mustChangePassword).toBe(true);

      const chosen = await admin.client.request('POST', '/api/admin/users', {
        username: 'with_pw',
        password: 'chosen-by-admin',
      });
      expect(chosen.json()).toMatchObject({ user: { nickname: 'with_pw' }, temporaryPassword: null });
      expect((await t.client().login('with_pw', 'chosen-by-admin')).json().user.mustChangePassword).toBe(
        true,
      );

      const [row] = await auditOf('user.created', created.user.id);
      expect(row!.actor_id).toBe(admin.id);
      expect(row!.detail).not.toContain(created.temporaryPassword);
      expect(JSON.parse(row!.detail)).toEqual({ username: 'new_hire', generatedPassword: true });
    });

    it('ACCT-8: a password reset ends every session, answers a temporary password once, and the account must choose a new one before anything else', async () => {
      const [u, plain] = await actors(t, 'forgetful', 'plain3');
      const url = await listen(t);
      const socket = await openSocket(url, u!.client);
      const path = `/api/admin/users/${u!.id}/password-reset`;
      let temporary = '';
      try {
        expect((await plain!.client.request('POST', path)).json().code).toBe('admin.required');
        expect(
          (await admin.client.request('POST', `/api/admin/users/${admin.id}/password-reset`)).json().code,
        ).toBe('admin.self');
        const ended = next(socket, 'session:revoked');
        const res = await admin.client.request('POST', path);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toMatchObject({ revokedSessions: 1, user: { mustChangePassword: true } });
        temporary = res.json().temporaryPassword as string;
        expect(await ended).toMatchObject({ reason: 'password_reset', code: 'auth.session_revoked' });
      } finally {
        socket.disconnect();
      }
      expect((await u!.client.request('GET', '/api/me')).statusCode).toBe(401);
      expect((await t.client().login(u!.username)).json().code).toBe('auth.invalid_credentials');

      const c = t.client();
      const login = await c.login(u!.username, temporary);
      expect(login.json().user.mustChangePassword).toBe(true);
      // Only the bootstrap and the password change answer; no other API and no live connection.
      expect((await c.request('GET', '/api/me')).json().user.mustChangePassword).toBe(true);
      const held = await c.request('GET', '/api/rooms');
      expect(held.statusCode).toBe(403);
      expect(held.json().code).toBe('auth.password_change_required');
      await expect(openSocket(url, c)).rejects.toMatchObject({
        data: { code: 'auth.password_change_required' },
      });
      const change = await c.request('PUT', '/api/me/password', {
        currentPassword: temporary,
        newPassword: 'my-own-password',
      });
      expect(change.statusCode, change.body).toBe(200);
      expect((await c.request('GET', '/api/rooms')).statusCode).toBe(200);
      expect((await c.request('GET', '/api/me')).json().user.mustChangePassword).toBe(false);
      (await openSocket(url, c)).disconnect();
      expect((await t.client().login(u!.username, 'my-own-password')).statusCode).toBe(200);

      const rows = await auditOf('user.password_reset', u!.id);
      expect(rows).toHaveLength(1);
      expect(rows.every((r) => r.actor_id === admin.id && !r.detail.includes(temporary))).toBe(true);
    });

    it('ACCT-8: a directory or single sign-on account gets no password here (409)', async () => {
      const [sso] = await actors(t, 'sso');
      await t.db.kysely
        .updateTable('users')
        .set({ auth_source: 'oidc', external_id: 'sub-1' })
        .where('id', '=', sso!.id)
        .execute();
      const res = await admin.client.request('POST', `/api/admin/users/${sso!.id}/password-reset`);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('admin.account_not_local');
      expect((await auditOf('user.password_reset', sso!.id)).length).toBe(0);
      const missing = await admin.client.request('POST', '/api/admin/users/nobody/password-reset');
      expect(missing.statusCode).toBe(404);
    });

    it('ACCT-7: a server admin deletes an account as account deletion does, never their own; audited', async () => {
      const [gone, plain] = await actors(t, 'leaver', 'plain4');
      const roomId = (
        await plain!.client.request('POST', '/api/rooms', {
          kind: 'group',
          name: '팀',
          memberIds: [gone!.id],
        })
      ).json().room.id as string;
      expect((await plain!.client.request('DELETE', `/api/admin/users/${gone!.id}`)).json().code).toBe(
        'admin.required',
      );
      expect((await admin.client.request('DELETE', `/api/admin/users/${admin.id}`)).json().code).toBe(
        'admin.self',
      );
      const res = await admin.client.request('DELETE', `/api/admin/users/${gone!.id}`);
      expect(res.statusCode, res.body).toBe(200);
      expect((await gone!.client.request('GET', '/api/me')).statusCode).toBe(401);
      expect((await t.client().login(gone!.username)).statusCode).toBe(401);
      const members = (await plain!.client.request('GET', `/api/rooms/${roomId}`)).json().members as {
        user: { id: string };
      }[];
      expect(members.map((m) => m.user.id)).toEqual([plain!.id]);
      const listed = (await admin.client.request('GET', `/api/admin/users?q=${gone!.username}`)).json();
      expect(listed.users).toEqual([]);
      expect((await admin.client.request('DELETE', `/api/admin/users/${gone!.id}`)).statusCode).toBe(404);
      const [row] = await auditOf('user.deleted', gone!.id);
      expect(row!.actor_id).toBe(admin.id);
    });

    it('ACCT-4: the list searches username, name and e-mail, and pages by cursor', async () => {
      const [a, b] = await actors(t, 'pager_a', 'pager_b');
      await b!.client.request('PUT', '/api/profile', { email: 'pager.b@example.com' });
      const first = (await admin.client.request('GET', '/api/admin/users?q=pager_&limit=1')).json();
      expect(first.users.map((u: { id: string }) => u.id)).toEqual([a!.id]);
      const second = (
        await admin.client.request('GET', `/api/admin/users?q=pager_&limit=1&cursor=${first.nextCursor}`)
      ).json();
      expect(second.users.map((u: { id: string }) => u.id)).toEqual([b!.id]);
      expect(second.nextCursor).toBeNull();
      const byMail = (await admin.client.request('GET', '/api/admin/users?q=pager.b@example')).json();
      expect(byMail.users.map((u: { id: string }) => u.id)).toEqual([b!.id]);
      const bad = await admin.client.request('GET', '/api/admin/users?limit=0');
      expect(bad.statusCode).toBe(400);
    });

    it('AUDIT-1, AUDIT-3: every entry written by these actions is in the chain', async () => {
      expect((await new AuditRepository(t.db.kysely).verify()).ok).toBe(true);
    });
  });

  describe.skipIf(skip)(`the last administrator (${kind})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ kind });
    });
    afterAll(() => t.close());

    it('ACCT-9: the only active administrator cannot delete their own account; with another one they can', async () => {
      const [only, other] = await actors(t, 'only', 'other');
      const refused = await only!.client.request('DELETE', '/api/me', { password: 'password123' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('admin.last_admin');
      expect((await only!.client.request('GET', '/api/me')).statusCode).toBe(200);
      // A deactivated administrator does not count as one.
      await only!.client.request('POST', `/api/admin/users/${other!.id}/admin`, { admin: true });
      await only!.client.request('POST', `/api/admin/users/${other!.id}/deactivate`);
      expect((await only!.client.request('DELETE', '/api/me', { password: 'password123' })).statusCode).toBe(
        409,
      );
      await only!.client.request('POST', `/api/admin/users/${other!.id}/reactivate`);
      const ok = await only!.client.request('DELETE', '/api/me', { password: 'password123' });
      expect(ok.statusCode, ok.body).toBe(200);
    });

    it('ACCT-9: two administrators taking the role from each other at once leave one; so do deactivation and deletion', async () => {
      const login = async (username: string) => {
        const c = t.client();
        await c.login(username);
        return c;
      };
      const [a, b] = await actors(t, 'admin_a', 'admin_b');
      const root = (await t.db.kysely
        .selectFrom('users')
        .select(['id', 'username'])
        .where('is_admin', '=', 1)
        .where('deleted_at', 'is', null)
        .executeTakeFirst())!;
      expect(root).toBeDefined();
      const rootClient = await login(root.username);
      for (const who of [a!, b!])
        await rootClient.request('POST', `/api/admin/users/${who.id}/admin`, { admin: true });
      // The root steps down as administrator, leaving a and b.
      await a!.client.request('POST', `/api/admin/users/${root.id}/admin`, { admin: false });
      const active = () =>
        t.db.kysely
          .selectFrom('users')
          .select('id')
          .where('is_admin', '=', 1)
          .where('deleted_at', 'is', null)
          .where('deactivated_at', 'is', null)
          .execute();
      expect(await active()).toHaveLength(2);
      const paths = [
        (x: Actor, y: Actor) => x.client.request('POST', `/api/admin/users/${y.id}/admin`, { admin: false }),
        (x: Actor, y: Actor) => x.client.request('POST', `/api/admin/users/${y.id}/deactivate`),
        (x: Actor, y: Actor) => x.client.request('DELETE', `/api/admin/users/${y.id}`),
      ];
      for (const path of paths) {
        const [one, two] = await Promise.all([path(a!, b!), path(b!, a!)]);
        const codes = [one!, two!].map((r) => r.statusCode).sort();
        // The second either finds itself no longer an administrator (403) or the other the last (409).
        expect(codes[0]).toBe(200);
        expect([403, 409, 401]).toContain(codes[1]);
        expect(await active()).toHaveLength(1);
        // Back to two for the next path: whoever remains restores the other (or a fresh one).
        const [left] = await active();
        const keeper = left!.id === a!.id ? a! : b!;
        const lost = keeper === a! ? b! : a!;
        const state = await t.db.kysely
          .selectFrom('users')
          .select(['deleted_at', 'deactivated_at'])
          .where('id', '=', lost.id)
          .executeTakeFirstOrThrow();
        if (state.deleted_at !== null) break;
        if (state.deactivated_at !== null)
          await keeper.client.request('POST', `/api/admin/users/${lost.id}/reactivate`);
        await keeper.client.request('POST', `/api/admin/users/${lost.id}/admin`, { admin: true });
        lost.client = await login(lost.username);
        expect(await active()).toHaveLength(2);
      }
    });
  });
}
