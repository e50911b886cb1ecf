import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, startTestApp, type TestApp } from '../../test/harness.ts';
import { AuditRepository } from './audit.repository.ts';

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`audit entries of concurrent actions (${kind})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ kind });
    });
    afterAll(() => t.close());

    it('AUDIT-1, AUDIT-3: many transactions locking the same rooms and appending audit rows all commit, and the chain verifies', async () => {
      const [admin, helper, member] = await actors(t, 'admin', 'helper', 'member');
      const rooms: string[] = [];
      for (const name of ['첫째', '둘째']) {
        const res = await admin!.client.request('POST', '/api/rooms', {
          kind: 'group',
          name,
          memberIds: [member!.id],
        });
        rooms.push(res.json().room.id as string);
      }
      const before = (await new AuditRepository(t.db.kysely).verify()).rows;
      // Renames lock their room row (and append a system message), admin actions lock the administrators'
      // rows, sign-ins and second-factor-free logins write sessions: all append to the one chain at once.
      const renames = Array.from({ length: 24 }, (_, i) =>
        admin!.client.request('PATCH', `/api/rooms/${rooms[i % 2]}`, { name: `이름 ${i}` }),
      );
      const roles = Array.from({ length: 6 }, (_, i) =>
        admin!.client.request('POST', `/api/admin/users/${helper!.id}/admin`, { admin: i % 2 === 0 }),
      );
      const logins = Array.from({ length: 6 }, () => t.client().login(member!.username));
      const results = await Promise.all([...renames, ...roles, ...logins]);
      expect(results.map((r) => r.statusCode)).toEqual(results.map(() => 200));

      const verdict = await new AuditRepository(t.db.kysely).verify();
      expect(verdict.ok).toBe(true);
      const renamed = await t.db.kysely
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'room.settings_changed')
        .executeTakeFirstOrThrow();
      expect(Number(renamed.n)).toBe(24);
      // Every sign-in is there too; role changes that changed nothing write nothing.
      expect(verdict.rows - before).toBeGreaterThanOrEqual(24 + 6 + 1);
    });
  });
}
