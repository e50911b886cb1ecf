import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { AuditRepository } from './audit.repository.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../../bin/messenger.js');

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`the audit log's hash chain (${kind})`, () => {
    let t: TestApp;
    let audit: AuditRepository;
    beforeAll(async () => {
      t = await startTestApp({ kind });
      audit = new AuditRepository(t.db.kysely);
      // Audited actions of the real kind: sign-ups and sign-ins, a refused one, a policy change.
      const admin = t.client();
      await admin.register('chain_admin');
      await t.client().register('chain_member');
      await t.client().login('chain_member', 'wrong-password');
      await admin.request('PUT', '/api/admin/sign-in-policy', { linkOidcByEmail: true });
      await admin.request('PUT', '/api/admin/sign-in-policy', { linkOidcByEmail: false });
    });
    afterAll(() => t.close());

    const rows = () => t.db.kysely.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    /** `messenger audit verify` on this database. */
    const cli = () =>
      run(process.execPath, [BIN, 'audit', 'verify'], {
        env: { ...process.env, DATABASE_URL: t.config.databaseUrl, DATA_DIR: t.config.dataDir },
      }).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stderr: string }) => ({ code: e.code, out: e.stderr }),
      );

    it('AUDIT-1: every row carries the previous row’s hash, and the chain verifies', async () => {
      const all = await rows();
      expect(all.length).toBeGreaterThanOrEqual(4);
      expect(all.map((r) => Number(r.seq))).toEqual(all.map((_, i) => i + 1));
      expect(all[0]!.prev_hash).toBe('0'.repeat(64));
      for (let i = 1; i < all.length; i++) expect(all[i]!.prev_hash).toBe(all[i - 1]!.hash);
      expect(await audit.verify()).toEqual({ ok: true, rows: all.length, head: all.at(-1)!.hash });
      const ok = await cli();
      expect(ok.code).toBe(0);
      expect(ok.out).toContain(`the audit log verifies: ${all.length} row(s)`);
    });

    it('AUDIT-1: concurrent writers (separate transactions on the pool) still make one unbroken chain', async () => {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          audit.record({ actorId: null, action: 'auth.login_failed', detail: { n: i } }, Date.now()),
        ),
      );
      const verdict = await audit.verify(7); // small pages: the walk crosses many
      expect(verdict.ok).toBe(true);
      expect(verdict.rows).toBe((await rows()).length);
    });

    it('AUDIT-1: a row changed in the database directly is found, named, and the command fails', async () => {
      const victim = (await rows())[2]!;
      await sql`update audit_log set detail = ${'{"username":"someone_else"}'} where id = ${victim.id}`.execute(
        t.db.kysely,
      );
      expect(await audit.verify()).toMatchObject({ ok: false, seq: 3, id: victim.id });
      const bad = await cli();
      expect(bad.code).toBe(1);
      expect(bad.out).toContain(`row 3 (${victim.id}) was changed after it was written`);
      await sql`update audit_log set detail = ${victim.detail} where id = ${victim.id}`.execute(t.db.kysely);
      expect((await audit.verify()).ok).toBe(true);
    });

    it('AUDIT-1: a row removed from the middle or the end, or one slipped in, breaks the chain', async () => {
      const all = await rows();
      const middle = all[4]!;
      await sql`delete from audit_log where id = ${middle.id}`.execute(t.db.kysely);
      expect(await audit.verify()).toMatchObject({
        ok: false,
        seq: 6,
        problem: expect.stringContaining('row 5 is missing'),
      });
      await t.db.kysely.insertInto('audit_log').values(middle).execute();
      expect((await audit.verify()).ok).toBe(true);

      const last = all.at(-1)!;
      await sql`delete from audit_log where id = ${last.id}`.execute(t.db.kysely);
      expect(await audit.verify()).toMatchObject({
        ok: false,
        problem: expect.stringContaining('removed from the end'),
      });
      await t.db.kysely.insertInto('audit_log').values(last).execute();

      // A forged row in place of a real one, pointing at the right previous hash.
      await sql`update audit_log set action = ${'auth.login'}, hash = ${'f'.repeat(64)} where id = ${middle.id}`.execute(
        t.db.kysely,
      );
      expect(await audit.verify()).toMatchObject({ ok: false, seq: 5 });
      await sql`update audit_log set action = ${middle.action}, hash = ${middle.hash} where id = ${middle.id}`.execute(
        t.db.kysely,
      );
      expect((await audit.verify()).ok).toBe(true);
    });

    it('AUDIT-1: a row written around the chain (no place in it) fails verification', async () => {
      await sql`insert into audit_log (id, created_at, actor_id, action, room_id, target_id, detail)
        values ('forged-outside', 1, null, 'auth.login', null, null, '{}')`.execute(t.db.kysely);
      expect(await audit.verify()).toMatchObject({
        ok: false,
        problem: expect.stringContaining('1 row(s) have no place in the chain'),
      });
      await sql`delete from audit_log where id = 'forged-outside'`.execute(t.db.kysely);
      expect((await audit.verify()).ok).toBe(true);
    });

    it('AUDIT-1: an entry written in a transaction that rolls back leaves no trace in the chain', async () => {
      const before = await audit.verify();
      await expect(
        t.db.kysely.transaction().execute(async (trx) => {
          await new AuditRepository(trx).record(
            { actorId: null, action: 'auth.login', detail: {} },
            Date.now(),
          );
          throw new Error('the action failed');
        }),
      ).rejects.toThrow('the action failed');
      expect(await audit.verify()).toEqual(before);
    });
  });
}
