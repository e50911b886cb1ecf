import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { startTestApp, type TestApp, type TestClient } from '../../test/harness.ts';

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`the server-wide audit log (${kind})`, () => {
    let t: TestApp;
    let admin: TestClient;
    let member: TestClient;
    let now = Date.UTC(2026, 11, 1, 9, 0, 0);
    beforeAll(async () => {
      t = await startTestApp({ kind, build: { now: () => now, auditCsvPageSize: 2 } });
      admin = t.client();
      await admin.register('audit_admin');
      member = t.client();
      await member.register('audit_member');
      // A nickname a spreadsheet would run as a formula.
      await t.client().register('formula_user', 'password123', '=1+2');
      now += 60_000;
      // A username typed at sign-in that looks like a formula: it lands in the log as typed.
      await t.client().login('=HYPERLINK("http://x")', 'wrong-password');
      await t.client().login('audit_member', 'wrong-password');
      now += 60_000;
      await admin.request('PUT', '/api/admin/sign-in-policy', { linkOidcByEmail: true });
    });
    afterAll(() => t.close());

    const get = (c: TestClient, query: string) => c.request('GET', `/api/admin/audit${query}`);

    it('AUDIT-2: only server administrators read it, with the same 403 for every format', async () => {
      for (const q of ['', '?format=csv', '?format=jsonl']) {
        const res = await get(member, q);
        expect(res.statusCode, q).toBe(403);
        expect(res.json().code).toBe('admin.required');
      }
      expect((await get(t.client(), '')).statusCode).toBe(401);
    });

    it('AUDIT-2: newest first, paged by cursor, each entry with its place in the chain', async () => {
      const first = (await get(admin, '?limit=2')).json();
      expect(first.entries).toHaveLength(2);
      expect(first.entries[0]).toMatchObject({
        action: 'auth.policy_changed',
        actor: { username: 'audit_admin' },
        detail: { linkOidcByEmail: { from: false, to: true } },
      });
      const all = [...first.entries];
      let cursor = first.nextCursor;
      while (cursor) {
        const page = (await get(admin, `?limit=2&cursor=${cursor}`)).json();
        all.push(...page.entries);
        cursor = page.nextCursor;
      }
      const seqs = all.map((e: { seq: number }) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(all.map((e: { action: string }) => e.action)).toEqual([
        'auth.policy_changed',
        'auth.login_failed',
        'auth.login_failed',
        'auth.login',
        'auth.login',
        'auth.login',
      ]);
      expect((await get(admin, '?cursor=abc')).json().code).toBe('request.invalid_query');
    });

    it('AUDIT-2: filters by who, action or family, and time', async () => {
      const byActor = (await get(admin, '?actor=audit_member')).json().entries;
      expect(byActor.map((e: { action: string }) => e.action)).toEqual(['auth.login']);
      expect((await get(admin, '?actor=nobody_at_all')).json().entries).toEqual([]);
      const failed = (await get(admin, '?action=auth.login_failed')).json().entries;
      expect(failed.map((e: { detail: { username: string } }) => e.detail.username).sort()).toEqual([
        '=HYPERLINK("http://x")',
        'audit_member',
      ]);
      expect((await get(admin, '?action=auth')).json().entries).toHaveLength(6);
      expect((await get(admin, '?action=room')).json().entries).toHaveLength(0);
      const from = new Date(Date.UTC(2026, 11, 1, 9, 1, 0)).toISOString();
      const to = new Date(Date.UTC(2026, 11, 1, 9, 2, 0)).toISOString();
      const window = (await get(admin, `?from=${from}&to=${to}`)).json().entries;
      expect(window.map((e: { action: string }) => e.action)).toEqual([
        'auth.login_failed',
        'auth.login_failed',
      ]);
      const bad = await get(admin, '?action=DROP%20TABLE');
      expect(bad.statusCode).toBe(400);
    });

    it('AUDIT-2: CSV for Excel (BOM, formulas neutralised) and JSON lines, streamed across pages', async () => {
      const csv = await get(admin, '?format=csv&action=auth');
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.headers['content-disposition']).toMatch(
        /attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"/,
      );
      const lines = csv.body.split('\r\n').filter(Boolean);
      expect(lines[0]!.charCodeAt(0)).toBe(0xfeff);
      expect(lines[0]!.slice(1)).toBe(
        '"seq","time","action","actor","actor_username","target","target_username","detail","room_id"',
      );
      expect(lines).toHaveLength(7);
      // A cell that starts like a formula is kept as text; the typed username stays readable in the details.
      expect(lines.find((l) => l.includes('formula_user'))).toContain(`"'=1+2","formula_user"`);
      expect(lines.find((l) => l.includes('HYPERLINK'))).toContain(`"username: =HYPERLINK(""http://x"");`);

      const jsonl = await get(admin, '?format=jsonl&actor=audit_admin');
      expect(jsonl.headers['content-type']).toContain('application/x-ndjson');
      const entries = jsonl.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(entries.map((e) => e.action)).toEqual(['auth.policy_changed', 'auth.login']);
    });
  });
}
