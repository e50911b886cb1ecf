import { readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { failingStep } from '../../test/failing-step.ts';
import { actors, multipart, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';
import { listen } from '../../test/sockets.ts';

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`room administration (${kind})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ kind });
    });
    afterAll(() => t.close());

    async function group(owner: Actor, members: Actor[], name = '공지방') {
      const res = await owner.client.request('POST', '/api/rooms', {
        kind: 'group',
        name,
        memberIds: members.map((m) => m.id),
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().room.id as string;
    }
    const post = (a: Actor, roomId: string, body: string) =>
      a.client.request('POST', `/api/rooms/${roomId}/messages`, { id: uuidv7(), body });
    const audit = async (a: Actor, roomId: string, query = '') =>
      (await a.client.request('GET', `/api/rooms/${roomId}/admin-audit-logs${query}`)).json() as {
        entries: {
          action: string;
          actor: { id: string } | null;
          target: { id: string } | null;
          detail: object;
        }[];
        nextCursor: string | null;
      };

    it('ADM-1: admins change name, description and policies; members cannot; the room says what it is now', async () => {
      const [o, m] = await actors(t, 'owner', 'member');
      const id = await group(o!, [m!]);
      const denied = await m!.client.request('PATCH', `/api/rooms/${id}`, { description: 'x' });
      expect(denied.statusCode).toBe(403);
      expect(denied.json().code).toBe('room.admin_required');
      const res = await o!.client.request('PATCH', `/api/rooms/${id}`, {
        name: ' 전사 공지 ',
        description: '공지만 올립니다',
        invitePolicy: 'everyone',
        postPolicy: 'admins',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().room).toMatchObject({
        name: '전사 공지',
        description: '공지만 올립니다',
        invitePolicy: 'everyone',
        postPolicy: 'admins',
        imageUrl: null,
      });
      const seen = (await m!.client.request('GET', `/api/rooms/${id}`)).json().room;
      expect(seen).toMatchObject({ name: '전사 공지', postPolicy: 'admins', invitePolicy: 'everyone' });
      const empty = await o!.client.request('PATCH', `/api/rooms/${id}`, {});
      expect(empty.json().code).toBe('request.invalid_body');
      const closed = await o!.client.request('PATCH', `/api/rooms/${id}`, { postPolicy: 'closed' });
      expect(closed.json().code).toBe('request.invalid_body');
      const [x] = await actors(t, 'x');
      const direct = (await o!.client.request('POST', '/api/rooms', { kind: 'direct', userId: x!.id })).json()
        .room.id as string;
      expect((await o!.client.request('PATCH', `/api/rooms/${direct}`, { name: 'n' })).json().code).toBe(
        'room.direct_fixed',
      );
    });

    it('ADM-3: with invitePolicy "admins" only admins invite; with "everyone" any member does', async () => {
      const [o, m, n1, n2] = await actors(t, 'owner', 'member', 'n1', 'n2');
      const id = await group(o!, [m!]);
      const invite = (a: Actor, who: Actor) =>
        a.client.request('POST', `/api/rooms/${id}/members`, { userIds: [who.id] });
      expect((await invite(m!, n1!)).json().code).toBe('room.admin_required');
      await o!.client.request('PATCH', `/api/rooms/${id}`, { invitePolicy: 'everyone' });
      expect((await invite(m!, n1!)).statusCode).toBe(200);
      await o!.client.request('PATCH', `/api/rooms/${id}`, { invitePolicy: 'admins' });
      expect((await invite(m!, n2!)).json().code).toBe('room.admin_required');
    });

    it('ADM-4: in an admins-only room members cannot post (HTTP and socket share the rule); admins can', async () => {
      const [o, a, m] = await actors(t, 'owner', 'admin', 'member');
      const id = await group(o!, [a!, m!]);
      await o!.client.request('PUT', `/api/rooms/${id}/members/${a!.id}/role`, { role: 'admin' });
      await o!.client.request('PATCH', `/api/rooms/${id}`, { postPolicy: 'admins' });
      const refused = await post(m!, id, '저도 한마디');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('room.post_forbidden');
      expect((await post(a!, id, '공지: 내일 휴무')).statusCode).toBe(200);
      expect((await post(o!, id, '확인 바랍니다')).statusCode).toBe(200);
      await o!.client.request('PATCH', `/api/rooms/${id}`, { postPolicy: 'everyone' });
      expect((await post(m!, id, '네')).statusCode).toBe(200);
      const bodies = (await m!.client.request('GET', `/api/rooms/${id}/messages`))
        .json()
        .messages.map((x: { body: string }) => x.body);
      expect(bodies).not.toContain('저도 한마디');
    });

    it('ADM-2: an admin sets a square room image at a versioned URL members can load; removing it retires the URL', async () => {
      const [o, m, outsider] = await actors(t, 'owner', 'member', 'outsider');
      const id = await group(o!, [m!]);
      const png = await sharp({
        create: { width: 300, height: 200, channels: 3, background: { r: 200, g: 40, b: 40 } },
      })
        .png()
        .toBuffer();
      const upload = (a: Actor, data: Buffer, name = 'team.png') => {
        const { body, contentType } = multipart([], { name, data });
        return a.client.request('POST', `/api/rooms/${id}/image`, undefined, {
          raw: body,
          headers: { 'content-type': contentType },
        });
      };
      expect((await upload(m!, png)).json().code).toBe('room.admin_required');
      expect((await upload(o!, Buffer.from('not an image'), 'x.png')).json().code).toBe(
        'upload.image_required',
      );
      const res = await upload(o!, png);
      expect(res.statusCode, res.body).toBe(200);
      const url = res.json().room.imageUrl as string;
      expect(url).toBe(`/uploads/rooms/${id}/1`);
      const img = await m!.client.request('GET', url);
      expect(img.statusCode).toBe(200);
      expect(img.headers['content-type']).toBe('image/webp');
      expect(await sharp(img.rawPayload).metadata()).toMatchObject({ width: 512, height: 512 });
      const thumb = await m!.client.request('GET', `${url}?size=thumb`);
      expect(await sharp(thumb.rawPayload).metadata()).toMatchObject({ width: 96, height: 96 });
      expect((await outsider!.client.request('GET', url)).json().code).toBe('room.not_member');
      const second = (await upload(o!, png)).json().room.imageUrl;
      expect(second).toBe(`/uploads/rooms/${id}/2`);
      expect((await m!.client.request('GET', url)).statusCode).toBe(404);
      const removed = await o!.client.request('DELETE', `/api/rooms/${id}/image`);
      expect(removed.json().room.imageUrl).toBeNull();
      expect((await m!.client.request('GET', second)).statusCode).toBe(404);
    });

    it('ADM-2: a new image whose database step fails leaves the old URL with the old bytes; a retired URL never returns', async () => {
      const [o, m] = await actors(t, 'owner', 'member');
      const id = await group(o!, [m!]);
      const colour = (background: string) =>
        sharp({ create: { width: 64, height: 64, channels: 3, background } })
          .png()
          .toBuffer();
      const upload = async (data: Buffer) => {
        const { body, contentType } = multipart([], { name: 'room.png', data });
        return o!.client.request('POST', `/api/rooms/${id}/image`, undefined, {
          raw: body,
          headers: { 'content-type': contentType },
        });
      };
      const first = (await upload(await colour('#d22'))).json().room.imageUrl as string;
      const bytes = async (url: string) => (await m!.client.request('GET', url)).rawPayload;
      const red = await bytes(first);

      const restore = await failingStep(t.db.kysely, kind, 'rooms', 'update of image_version');
      try {
        expect((await upload(await colour('#22d'))).statusCode).toBe(500);
      } finally {
        await restore();
      }
      expect((await m!.client.request('GET', `/api/rooms/${id}`)).json().room.imageUrl).toBe(first);
      expect(Buffer.compare(await bytes(first), red)).toBe(0);

      const second = (await upload(await colour('#22d'))).json().room.imageUrl as string;
      expect(second).not.toBe(first);
      expect(Buffer.compare(await bytes(second), red)).not.toBe(0);
      expect((await m!.client.request('GET', first)).statusCode).toBe(404);
      // Only the current image's two sizes stay on disk.
      const stored = readdirSync(path.join(t.config.dataDir, 'files', 'rooms')).filter((n) =>
        n.startsWith(id),
      );
      expect(stored).toHaveLength(2);

      // Removed and set again: a new URL, so no cache that kept an earlier one shows the wrong picture.
      await o!.client.request('DELETE', `/api/rooms/${id}/image`);
      const third = (await upload(await colour('#d22'))).json().room.imageUrl as string;
      expect([first, second]).not.toContain(third);
    });

    it('ADM-6: every administrative action is audited with actor and target; members cannot read the log', async () => {
      const [o, a, m, k] = await actors(t, 'owner', 'admin', 'member', 'kicked');
      const id = await group(o!, [a!, m!]);
      await o!.client.request('POST', `/api/rooms/${id}/members`, { userIds: [k!.id] });
      await o!.client.request('PUT', `/api/rooms/${id}/members/${a!.id}/role`, { role: 'admin' });
      await a!.client.request('DELETE', `/api/rooms/${id}/members/${k!.id}`);
      await o!.client.request('PATCH', `/api/rooms/${id}`, { name: '새 이름', postPolicy: 'admins' });
      await o!.client.request('POST', `/api/rooms/${id}/transfer`, { userId: a!.id });
      expect((await m!.client.request('GET', `/api/rooms/${id}/admin-audit-logs`)).json().code).toBe(
        'room.admin_required',
      );
      const log = await audit(a!, id);
      expect(log.entries.map((e) => e.action)).toEqual([
        'room.owner_transferred',
        'room.settings_changed',
        'room.member_kicked',
        'room.role_changed',
        'room.member_invited',
      ]);
      expect(log.entries[2]).toMatchObject({ actor: { id: a!.id }, target: { id: k!.id } });
      expect(log.entries[1]!.detail).toEqual({
        name: { from: '공지방', to: '새 이름' },
        postPolicy: { from: 'everyone', to: 'admins' },
      });
      const first = await audit(a!, id, '?limit=2');
      expect(first.entries).toHaveLength(2);
      const rest = await audit(a!, id, `?limit=10&cursor=${first.nextCursor}`);
      expect(rest.entries.map((e) => e.action)).toEqual(log.entries.slice(2).map((e) => e.action));
      expect(rest.nextCursor).toBeNull();
    });

    it('ADM-6: the CSV export has a BOM, Korean intact, and formula-like cells defused', async () => {
      const [o, m] = await actors(t, 'owner', 'member');
      await m!.client.request('PUT', '/api/profile', { nickname: '=HYPERLINK("x")' });
      const id = await group(o!, [], '=1+2 팀');
      await o!.client.request('POST', `/api/rooms/${id}/members`, { userIds: [m!.id] });
      await o!.client.request('PATCH', `/api/rooms/${id}`, { name: '개발팀 "A"' });
      const res = await o!.client.request('GET', `/api/rooms/${id}/admin-audit-logs?format=csv`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toContain('attachment');
      const bytes = res.rawPayload;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8').slice(1);
      const lines = text.trimEnd().split('\r\n');
      expect(lines[0]).toBe('"time","action","actor","actor_username","target","target_username","detail"');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toContain('"room.settings_changed"');
      expect(lines[1]).toContain('"name: =1+2 팀 → 개발팀 ""A"""');
      expect(lines[1]).toContain('"owner"');
      expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
      expect(lines[2]).not.toMatch(/,"=/);
      expect(
        (await m!.client.request('GET', `/api/rooms/${id}/admin-audit-logs?format=csv`)).statusCode,
      ).toBe(403);
    });

    it('ADM-6: a deleted file is logged with its name, not as a deleted person', async () => {
      const [o, m] = await actors(t, 'owner', 'member');
      const id = await group(o!, [m!]);
      const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c33' } })
        .png()
        .toBuffer();
      const up = (await m!.client.upload(id, '견적서.png', png)).json();
      await m!.client.request('POST', `/api/rooms/${id}/messages`, {
        id: uuidv7(),
        body: '견적서',
        uploadTokens: [up.uploadToken],
      });
      const del = await o!.client.request('DELETE', `/api/rooms/${id}/files/${up.file.id}`);
      expect(del.statusCode, del.body).toBe(200);
      const entry = (await audit(o!, id)).entries.find((e) => e.action === 'file.deleted');
      expect(entry).toMatchObject({ actor: { id: o!.id }, target: null, detail: { name: '견적서.png' } });
      const csv = (await o!.client.request('GET', `/api/rooms/${id}/admin-audit-logs?format=csv`)).body;
      expect(csv).not.toContain('(deleted user)');
    });
  });

  describe.skipIf(skip)(`room audit CSV across pages (${kind})`, () => {
    let t: TestApp;
    // One frozen moment: every entry has the same time, so only the id orders them across page boundaries.
    const frozen = Date.parse('2026-03-02T09:00:00Z');
    beforeAll(async () => {
      t = await startTestApp({ kind, build: { auditCsvPageSize: 2, now: () => frozen } });
    });
    afterAll(() => t.close());

    it('ADM-6: the CSV export has every row of a log longer than one page, newest first, once each', async () => {
      const [o, m] = await actors(t, '=대표', 'member');
      const id = (
        await o!.client.request('POST', '/api/rooms', { kind: 'group', name: '감사팀', memberIds: [m!.id] })
      ).json().room.id as string;
      // Seven settings changes and a promotion: eight entries, four pages of two.
      for (let i = 1; i <= 7; i++)
        expect(
          (await o!.client.request('PATCH', `/api/rooms/${id}`, { description: `설명 ${i}` })).statusCode,
        ).toBe(200);
      await o!.client.request('PUT', `/api/rooms/${id}/members/${m!.id}/role`, { role: 'admin' });
      const res = await m!.client.request('GET', `/api/rooms/${id}/admin-audit-logs?format=csv`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = res.rawPayload.subarray(3).toString('utf8').split('\r\n');
      expect(lines.at(-1)).toBe('');
      const rows = lines.slice(1, -1);
      expect(rows).toHaveLength(8);
      expect(rows[0]).toContain('"room.role_changed"');
      const descriptions = rows.slice(1).map((r) => /→ 설명 (\d)"/.exec(r)?.[1]);
      expect(descriptions).toEqual(['7', '6', '5', '4', '3', '2', '1']);
      // Defused on every page: the actor's name starts with "=", so each of its cells is prefixed.
      expect(rows.every((r) => r.includes(`"'=대표"`) && !r.includes(',"=대표"'))).toBe(true);
      // The JSON log agrees entry for entry.
      const json = (await m!.client.request('GET', `/api/rooms/${id}/admin-audit-logs?limit=100`)).json();
      expect(json.entries).toHaveLength(8);
    });

    it('ADM-6: a page that fails after the download began cuts it off (never a complete-looking file) and is logged without secrets', async () => {
      const lines: string[] = [];
      const logged = await startTestApp({
        kind,
        env: { LOG_LEVEL: 'info' },
        build: {
          auditCsvPageSize: 2,
          logger: undefined,
          logStream: { write: (l: string) => void lines.push(l) },
        },
      });
      try {
        const [o] = await actors(logged, 'owner');
        const id = (await o!.client.request('POST', '/api/rooms', { kind: 'group', name: '감사팀' })).json()
          .room.id as string;
        for (let i = 1; i <= 7; i++)
          await o!.client.request('PATCH', `/api/rooms/${id}`, { description: `설명 ${i}` });
        // The oldest entry, on the last page, cannot be read (its details are not JSON): that page fails.
        const oldest = await logged.db.kysely
          .selectFrom('audit_log')
          .select('id')
          .where('room_id', '=', id)
          .orderBy('created_at')
          .orderBy('id')
          .executeTakeFirstOrThrow();
        await logged.db.kysely
          .updateTable('audit_log')
          .set({ detail: '{broken' })
          .where('id', '=', oldest.id)
          .execute();

        // As a browser downloads it, over a real connection.
        const url = new URL(`${await listen(logged)}/api/rooms/${id}/admin-audit-logs?format=csv`);
        const got = await new Promise<{ status: number; chunked: boolean; body: string; ended: string }>(
          (resolve) => {
            const req = http.get(url, { headers: { cookie: o!.client.cookieHeader() } }, (res) => {
              let body = '';
              res.setEncoding('utf8');
              res.on('data', (c: string) => (body += c));
              const done = (ended: string) => () =>
                resolve({
                  status: res.statusCode ?? 0,
                  chunked: res.headers['transfer-encoding'] === 'chunked',
                  body,
                  ended: res.complete ? 'complete' : ended,
                });
              res.on('end', done('end'));
              res.on('error', done('error'));
            });
            req.on('error', () => resolve({ status: 0, chunked: false, body: '', ended: 'request error' }));
          },
        );
        // The rows before the failing page came, but the response never finished: the download fails.
        expect(got.status).toBe(200);
        expect(got.chunked).toBe(true);
        expect(got.ended).not.toBe('complete');
        expect(got.body.startsWith('\uFEFF"time"')).toBe(true);
        expect(got.body).toContain('설명 1 → 설명 2');
        expect(got.body).not.toContain('→ 설명 1"');
        // Logged with the request's id and the cause; no cookie or token in the log.
        const entries = lines.map(
          (l) => JSON.parse(l) as { level: number; reqId?: string; err?: { message: string } },
        );
        expect(entries.some((e) => e.level >= 40 && e.reqId && /JSON/.test(e.err?.message ?? ''))).toBe(true);
        const text = lines.join('');
        expect(text).not.toContain(o!.client.sessionCookie!);
        expect(text).not.toContain(o!.client.csrfToken);
      } finally {
        await logged.close();
      }
    });
  });
}
