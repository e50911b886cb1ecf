import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`notices over HTTP (${kind})`, () => {
    let t: TestApp;
    let a: Actor;
    let b: Actor;
    let c: Actor;
    let d: Actor;
    let outsider: Actor;
    let roomId: string;
    beforeAll(async () => {
      t = await startTestApp({ kind });
      const made = await actors(t, 'anna', '김민수', 'chris', 'dora', 'olga');
      [a, b, c, d, outsider] = [made[0]!, made[1]!, made[2]!, made[3]!, made[4]!];
      roomId = (
        await a.client.request('POST', '/api/rooms', {
          kind: 'group',
          name: '공지방',
          memberIds: [b.id, c.id, d.id],
        })
      ).json().room.id;
      await a.client.request('PUT', `/api/rooms/${roomId}/members/${d.id}/role`, { role: 'admin' });
    });
    afterAll(() => t.close());

    const pin = (who: Actor, body: Record<string, unknown>) =>
      who.client.request('POST', `/api/rooms/${roomId}/pins`, body);
    const send = async (who: Actor, body: string) =>
      (await who.client.request('POST', `/api/rooms/${roomId}/messages`, { body })).json().message;
    const list = async (who: Actor) =>
      (await who.client.request('GET', `/api/rooms/${roomId}/pins`)).json().pins as {
        id: string;
        body: string;
        acknowledgedByMe: boolean;
        ackCount: number;
        ackTotal: number;
      }[];

    it('PIN-1: at most 50 notices per room, also when many are pinned at once', async () => {
      const room = (
        await a.client.request('POST', '/api/rooms', { kind: 'group', name: '한도', memberIds: [b.id] })
      ).json().room.id as string;
      const pinIn = (who: Actor, body: string) =>
        who.client.request('POST', `/api/rooms/${room}/pins`, { body });
      for (let i = 0; i < 45; i++) expect((await pinIn(a, `공지 ${i}`)).statusCode).toBe(200);
      const burst = await Promise.all(
        Array.from({ length: 10 }, (_, i) => pinIn(i % 2 ? a : b, `동시 ${i}`)),
      );
      expect(burst.filter((r) => r.statusCode === 200)).toHaveLength(5);
      const refused = burst.filter((r) => r.statusCode !== 200);
      expect(refused.map((r) => r.json().code)).toEqual(Array(5).fill('pin.too_many'));
      const pins = (await a.client.request('GET', `/api/rooms/${room}/pins`)).json().pins;
      expect(pins).toHaveLength(50);
    });

    it('PIN-1: a member pins a message of the room or writes a notice; listed newest first', async () => {
      const m = await send(b, '내일 회의는 10시입니다');
      const fromMessage = await pin(c, { messageId: m.id });
      expect(fromMessage.statusCode).toBe(200);
      expect(fromMessage.json().pin).toMatchObject({
        body: '내일 회의는 10시입니다',
        message: { id: m.id, seq: m.seq },
        author: { id: c.id },
        requiresAck: false,
      });
      const written = (await pin(a, { body: '  보안 교육 필수  ', requiresAck: true })).json().pin;
      expect(written).toMatchObject({
        body: '보안 교육 필수',
        message: null,
        requiresAck: true,
        ackCount: 0,
        ackTotal: 3,
      });
      const pins = await list(b);
      expect(pins.slice(0, 2).map((p) => p.id)).toEqual([written.id, fromMessage.json().pin.id]);
      expect((await pin(a, { messageId: m.id })).json().code).toBe('pin.already_pinned');
      expect((await pin(a, {})).statusCode).toBe(400);
      expect((await pin(a, { body: 'x', messageId: m.id })).statusCode).toBe(400);
    });

    it('PIN-1: only a message of this room, not deleted and not a system message, can be pinned', async () => {
      const other = (await a.client.request('POST', '/api/rooms', { kind: 'direct', userId: b.id })).json()
        .room.id;
      const foreign = (
        await a.client.request('POST', `/api/rooms/${other}/messages`, { body: 'elsewhere' })
      ).json().message;
      expect((await pin(a, { messageId: foreign.id })).json().code).toBe('pin.invalid_message');
      const history = (await a.client.request('GET', `/api/rooms/${roomId}/messages?limit=100`)).json()
        .messages;
      const system = history.find((m: { kind: string }) => m.kind === 'system');
      expect((await pin(a, { messageId: system.id })).json().code).toBe('pin.invalid_message');
      expect((await pin(a, { messageId: 'no-such' })).json().code).toBe('pin.invalid_message');
    });

    it('PIN-1: in an announcement room only admins pin; members still acknowledge (ADM-4)', async () => {
      const ann = (
        await a.client.request('POST', '/api/rooms', { kind: 'group', name: '공지 전용', memberIds: [c.id] })
      ).json().room.id;
      await a.client.request('PATCH', `/api/rooms/${ann}`, { postPolicy: 'admins' });
      const denied = await c.client.request('POST', `/api/rooms/${ann}/pins`, { body: '멤버 공지' });
      expect(denied.json().code).toBe('room.post_forbidden');
      const p = (
        await a.client.request('POST', `/api/rooms/${ann}/pins`, { body: '관리자 공지', requiresAck: true })
      ).json().pin;
      expect(
        (await c.client.request('POST', `/api/rooms/${ann}/pins/${p.id}/ack`)).json().pin.acknowledgedByMe,
      ).toBe(true);
    });

    it('PIN-3: the pinner or an admin unpins; another member cannot (the original let anyone)', async () => {
      const p = (await pin(b, { body: '지울 공지' })).json().pin;
      const denied = await c.client.request('DELETE', `/api/rooms/${roomId}/pins/${p.id}`);
      expect(denied.statusCode).toBe(403);
      expect(denied.json().code).toBe('pin.forbidden');
      expect((await d.client.request('DELETE', `/api/rooms/${roomId}/pins/${p.id}`)).statusCode).toBe(200);
      expect((await list(a)).some((x) => x.id === p.id)).toBe(false);
      const own = (await pin(c, { body: '내 공지' })).json().pin;
      expect((await c.client.request('DELETE', `/api/rooms/${roomId}/pins/${own.id}`)).statusCode).toBe(200);
      const gone = await c.client.request('DELETE', `/api/rooms/${roomId}/pins/${own.id}`);
      expect(gone.statusCode).toBe(404);
      expect(gone.json().code).toBe('pin.not_found');
    });

    it('PIN-4, PIN-5: members acknowledge once; author and admins see who has and has not, as JSON and CSV', async () => {
      const p = (await pin(a, { body: '개인정보 교육 이수 확인', requiresAck: true })).json().pin;
      const acked = (await b.client.request('POST', `/api/rooms/${roomId}/pins/${p.id}/ack`)).json().pin;
      expect(acked).toMatchObject({ acknowledgedByMe: true, ackCount: 1, ackTotal: 3 });
      // Twice is once.
      expect(
        (await b.client.request('POST', `/api/rooms/${roomId}/pins/${p.id}/ack`)).json().pin.ackCount,
      ).toBe(1);
      expect((await list(b)).find((x) => x.id === p.id)!.acknowledgedByMe).toBe(true);
      expect((await list(c)).find((x) => x.id === p.id)!.acknowledgedByMe).toBe(false);

      const report = (await a.client.request('GET', `/api/rooms/${roomId}/pins/${p.id}/acks`)).json();
      expect(report.acknowledged.map((x: { user: { id: string } }) => x.user.id)).toEqual([b.id]);
      expect(report.pending.map((u: { id: string }) => u.id).sort()).toEqual([c.id, d.id].sort());
      expect((await d.client.request('GET', `/api/rooms/${roomId}/pins/${p.id}/acks`)).statusCode).toBe(200);
      const denied = await c.client.request('GET', `/api/rooms/${roomId}/pins/${p.id}/acks`);
      expect(denied.json().code).toBe('pin.forbidden');
      expect((await c.client.request('GET', `/api/rooms/${roomId}/pins/${p.id}/acks.csv`)).statusCode).toBe(
        403,
      );

      const csv = await a.client.request('GET', `/api/rooms/${roomId}/pins/${p.id}/acks.csv`, undefined, {
        headers: { 'accept-language': 'ko' },
      });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toContain('attachment');
      expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const lines = csv.rawPayload.subarray(3).toString('utf8').trim().split('\r\n');
      expect(lines[0]).toBe('이름,아이디,상태,확인 시각 (UTC)');
      expect(lines[1]).toMatch(new RegExp(`^김민수,${b.username},확인함,\\d{4}-\\d\\d-\\d\\dT`));
      expect(lines.slice(2).every((l) => l.includes(',미확인,'))).toBe(true);
      expect(lines).toHaveLength(4);

      const plain = (await pin(a, { body: '확인 불필요' })).json().pin;
      expect((await b.client.request('POST', `/api/rooms/${roomId}/pins/${plain.id}/ack`)).json().code).toBe(
        'pin.ack_not_requested',
      );
    });

    it('PIN-5: CSV cells that look like formulas are defused', async () => {
      const [e] = await actors(t, '=HYPERLINK("x")');
      await a.client.request('POST', `/api/rooms/${roomId}/members`, { userIds: [e!.id] });
      const p = (await pin(a, { body: 'csv', requiresAck: true })).json().pin;
      const csv = (await a.client.request('GET', `/api/rooms/${roomId}/pins/${p.id}/acks.csv`)).body;
      expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
      await a.client.request('DELETE', `/api/rooms/${roomId}/members/${e!.id}`);
    });

    it('PIN-6: reminders go to who has not acknowledged, by the author or an admin, rate-limited', async () => {
      const p = (await pin(d, { body: '리마인드', requiresAck: true })).json().pin;
      await b.client.request('POST', `/api/rooms/${roomId}/pins/${p.id}/ack`);
      expect((await c.client.request('POST', `/api/rooms/${roomId}/pins/${p.id}/remind`)).json().code).toBe(
        'pin.forbidden',
      );
      const res = await d.client.request('POST', `/api/rooms/${roomId}/pins/${p.id}/remind`);
      expect(res.json()).toEqual({ reminded: 2 });
      const again = await a.client.request('POST', `/api/rooms/${roomId}/pins/${p.id}/remind`);
      expect(again.statusCode).toBe(429);
      expect(again.json().code).toBe('rate.limited');
    });

    it('PIN-6: a reminder stays on the notice for each member it reached, also one who was away, until they acknowledge', async () => {
      type Reminded = {
        id: string;
        roomId: string;
        body: string;
        myReminder: { at: string; by: string } | null;
      };
      const reminders = async (who: Actor) =>
        (await who.client.request('GET', '/api/pins/reminders')).json().pins as Reminded[];
      const inList = async (who: Actor, id: string) =>
        ((await list(who)) as unknown as Reminded[]).find((x) => x.id === id)!;
      const p = (await pin(a, { body: '출장비 정산 마감', requiresAck: true })).json().pin;
      await b.client.request('POST', `/api/rooms/${roomId}/pins/${p.id}/ack`);
      // The admin has not acknowledged either: they remind the others, not themself.
      const sent = await d.client.request('POST', `/api/rooms/${roomId}/pins/${p.id}/remind`);
      expect(sent.json()).toEqual({ reminded: 1 });

      // Chris had no socket open: the reminder is there when they come back, across rooms and in the room.
      const waiting = (await reminders(c)).find((x) => x.id === p.id);
      expect(waiting).toMatchObject({ roomId, body: '출장비 정산 마감', myReminder: { by: 'dora' } });
      expect(Date.parse(waiting!.myReminder!.at)).toBeGreaterThan(Date.parse(p.createdAt) - 1);
      expect((await inList(c, p.id)).myReminder).toEqual(waiting!.myReminder);
      // Not for the author, whoever had acknowledged, or the one who reminded.
      for (const who of [a, b, d]) {
        expect((await reminders(who)).some((x) => x.id === p.id)).toBe(false);
        expect((await inList(who, p.id)).myReminder).toBeNull();
      }
      // Not for someone who joined after it.
      const [late] = await actors(t, 'late');
      await a.client.request('POST', `/api/rooms/${roomId}/members`, { userIds: [late!.id] });
      expect((await inList(late!, p.id)).myReminder).toBeNull();
      expect(await reminders(late!)).toEqual([]);
      await a.client.request('DELETE', `/api/rooms/${roomId}/members/${late!.id}`);

      // Admins see who reminded in the room's log.
      const log = (await a.client.request('GET', `/api/rooms/${roomId}/admin-audit-logs`)).json().entries;
      expect(log.find((e: { action: string }) => e.action === 'pin.reminded')).toMatchObject({
        actor: { id: d.id },
        detail: { reminded: 1 },
      });

      // Acknowledging ends it.
      await c.client.request('POST', `/api/rooms/${roomId}/pins/${p.id}/ack`);
      expect((await reminders(c)).some((x) => x.id === p.id)).toBe(false);
      expect((await inList(c, p.id)).myReminder).toBeNull();
    });

    it('PIN-6: a member who left is no longer shown the reminders of that room', async () => {
      const p = (await pin(a, { body: '나가면 사라질 알림', requiresAck: true })).json().pin;
      await a.client.request('POST', `/api/rooms/${roomId}/pins/${p.id}/remind`);
      const pending = async () =>
        ((await c.client.request('GET', '/api/pins/reminders')).json().pins as { id: string }[]).some(
          (r) => r.id === p.id,
        );
      expect(await pending()).toBe(true);
      expect((await c.client.request('POST', `/api/rooms/${roomId}/leave`)).statusCode).toBe(200);
      expect(await pending()).toBe(false);
      // Coming back later does not bring an old reminder back.
      await a.client.request('POST', `/api/rooms/${roomId}/members`, { userIds: [c.id] });
      expect(await pending()).toBe(false);
    });

    it('PIN-10: pinning and unpinning write system messages naming who did it, unread for nobody (ROOM-7)', async () => {
      const unread = async (who: Actor) =>
        (await who.client.request('GET', '/api/rooms'))
          .json()
          .rooms.find((r: { id: string }) => r.id === roomId).unreadCount as number;
      const systemEvents = async () =>
        (
          (await c.client.request('GET', `/api/rooms/${roomId}/messages?limit=100`)).json().messages as {
            kind: string;
            seq: number;
            system: { type: string; actor: { id: string; nickname: string } | null } | null;
          }[]
        ).filter((m) => m.kind === 'system');
      const before = await unread(c);
      const seen = (await systemEvents()).length;
      const p = (await pin(b, { body: '시스템 메시지 확인용 공지' })).json().pin;
      // An admin takes it down: the line names the admin, not the author.
      expect((await d.client.request('DELETE', `/api/rooms/${roomId}/pins/${p.id}`)).statusCode).toBe(200);
      const added = (await systemEvents()).slice(seen);
      expect(added.map((m) => m.system)).toEqual([
        { type: 'pinned', actor: { id: b.id, nickname: '김민수' }, targets: [], value: null },
        { type: 'unpinned', actor: { id: d.id, nickname: 'dora' }, targets: [], value: null },
      ]);
      expect(added[1]!.seq).toBe(added[0]!.seq + 1);
      expect(await unread(c)).toBe(before);
      // A refused unpin writes nothing.
      const other = (await pin(b, { body: '남는 공지' })).json().pin;
      expect((await c.client.request('DELETE', `/api/rooms/${roomId}/pins/${other.id}`)).statusCode).toBe(
        403,
      );
      expect((await systemEvents()).slice(seen).map((m) => m.system?.type)).toEqual([
        'pinned',
        'unpinned',
        'pinned',
      ]);
    });

    it('PIN-7: deleting a pinned message removes its notice', async () => {
      const m = await send(c, '곧 삭제될 메시지');
      const p = (await pin(c, { messageId: m.id })).json().pin;
      await c.client.request('DELETE', `/api/messages/${m.id}`);
      expect((await list(a)).some((x) => x.id === p.id)).toBe(false);
    });

    it('PIN-8: non-members get room.not_member on every endpoint; unknown ids 404', async () => {
      const p = (await pin(a, { body: '권한 확인', requiresAck: true })).json().pin;
      const base = `/api/rooms/${roomId}/pins`;
      for (const res of [
        await outsider.client.request('GET', base),
        await outsider.client.request('POST', base, { body: 'x' }),
        await outsider.client.request('DELETE', `${base}/${p.id}`),
        await outsider.client.request('POST', `${base}/${p.id}/ack`),
        await outsider.client.request('GET', `${base}/${p.id}/acks`),
        await outsider.client.request('GET', `${base}/${p.id}/acks.csv`),
        await outsider.client.request('POST', `${base}/${p.id}/remind`),
      ]) {
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('room.not_member');
      }
      expect((await a.client.request('GET', '/api/rooms/nope/pins')).json().code).toBe('room.not_found');
      expect((await a.client.request('POST', `${base}/nope/ack`)).json().code).toBe('pin.not_found');
      // A notice of another room is not found through this one.
      const other = (
        await a.client.request('POST', '/api/rooms', { kind: 'group', name: 'x', memberIds: [] })
      ).json().room.id;
      const elsewhere = (
        await a.client.request('POST', `/api/rooms/${other}/pins`, { body: 'o', requiresAck: true })
      ).json().pin;
      expect((await a.client.request('POST', `${base}/${elsewhere.id}/ack`)).json().code).toBe(
        'pin.not_found',
      );
    });
  });
}
