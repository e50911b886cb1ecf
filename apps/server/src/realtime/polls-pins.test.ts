import { beforeAll, describe, expect, it } from 'vitest';
import { actors, type Actor, type TestApp } from '../test/harness.ts';
import { collect, next, ping, realtimeSuite } from '../test/sockets.ts';

describe('polls and notices in real time (real sockets)', () => {
  const rt = realtimeSuite();
  let t: TestApp;
  beforeAll(() => {
    t = rt.app;
  });
  const sock = rt.sock;
  const group = (owner: Actor, members: Actor[]) => rt.group(owner, members);

  it('POLL-7: a new poll reaches every member as its state and its timeline message; votes update everyone', async () => {
    const [a, b, outsider] = await actors(t, 'a', 'b', 'o');
    const roomId = await group(a!, [b!]);
    const [sa, sb, sb2, so] = [await sock(a!), await sock(b!), await sock(b!), await sock(outsider!)];
    const outsiderSaw = collect(so, 'poll:updated');
    const stateSeen = next(sb, 'poll:updated', (p) => p.poll.roomId === roomId);
    const cardSeen = next(sb, 'message:created', (p) => p.message.kind === 'poll');
    const poll = (
      await a!.client.request('POST', `/api/rooms/${roomId}/polls`, {
        question: '회식 날짜',
        options: ['금', '토'],
      })
    ).json().poll;
    expect((await stateSeen).poll).toMatchObject({ id: poll.id, question: '회식 날짜', totalVoters: 0 });
    expect((await cardSeen).message).toMatchObject({
      id: poll.messageId,
      pollId: poll.id,
      body: '회식 날짜',
    });

    // b votes: everyone gets the counts; only b's own tabs get b's choices.
    const aUpdate = next(sa, 'poll:updated', (p) => p.poll.id === poll.id && p.poll.totalVoters === 1);
    const aVoted = collect(sa, 'poll:voted');
    const bOtherTab = next(sb2, 'poll:voted', (p) => p.pollId === poll.id);
    await b!.client.request('POST', `/api/polls/${poll.id}/vote`, { optionId: poll.options[1].id });
    const upd = (await aUpdate).poll;
    expect(upd.options[1]).toMatchObject({ votes: 1, voterIds: [b!.id] });
    expect(upd).not.toHaveProperty('myVotes');
    expect((await bOtherTab).myVotes).toEqual([poll.options[1].id]);
    await ping(sa);
    await ping(so);
    expect(aVoted).toEqual([]);
    expect(outsiderSaw).toEqual([]);
  });

  it('POLL-5, POLL-7: live updates of an anonymous poll carry no voter; closing is pushed with a system message', async () => {
    const [a, b] = await actors(t, 'a', 'b');
    const roomId = await group(a!, [b!]);
    const sb = await sock(b!);
    const poll = (
      await a!.client.request('POST', `/api/rooms/${roomId}/polls`, {
        question: '익명',
        options: ['x', 'y'],
        anonymous: true,
      })
    ).json().poll;
    const voted = next(sb, 'poll:updated', (p) => p.poll.id === poll.id && p.poll.totalVoters === 1);
    await b!.client.request('POST', `/api/polls/${poll.id}/vote`, { optionId: poll.options[0].id });
    const state = (await voted).poll;
    expect(state.options.map((o) => o.voterIds)).toEqual([null, null]);
    expect(JSON.stringify(state)).not.toContain(b!.id);

    const closed = next(sb, 'poll:updated', (p) => p.poll.id === poll.id && p.poll.closedAt !== null);
    const note = next(sb, 'message:created', (p) => p.message.system?.type === 'poll_closed');
    await a!.client.request('POST', `/api/polls/${poll.id}/close`);
    expect((await closed).poll.closedAt).not.toBeNull();
    expect((await note).message.system).toMatchObject({ actor: { id: a!.id }, value: '익명' });
  });

  it('PIN-9: pins are pushed as pin:created, pin:acknowledged and pin:removed; reminders only to who has not acknowledged', async () => {
    const [a, b, c] = await actors(t, 'a', 'b', 'c');
    const roomId = await group(a!, [b!, c!]);
    const [sa, sb, sc] = [await sock(a!), await sock(b!), await sock(c!)];
    const created = next(sb, 'pin:created', (p) => p.pin.roomId === roomId);
    const pinnedLine = next(sb, 'message:created', (p) => p.message.system?.type === 'pinned');
    const pin = (
      await a!.client.request('POST', `/api/rooms/${roomId}/pins`, { body: '필독 공지', requiresAck: true })
    ).json().pin;
    // PIN-10: the timeline line comes too, naming who pinned.
    expect((await pinnedLine).message.system?.actor).toEqual({ id: a!.id, nickname: 'a' });
    expect((await created).pin).toMatchObject({
      id: pin.id,
      body: '필독 공지',
      requiresAck: true,
      ackTotal: 2,
    });

    // The room hears the count, never who (PIN-5); only b's own tabs hear that it was b.
    const acked = next(sa, 'pin:acknowledged', (p) => p.pinId === pin.id);
    const ackedC = next(sc, 'pin:acknowledged', (p) => p.pinId === pin.id);
    const ackedB = next(sb, 'pin:acknowledged', (p) => p.pinId === pin.id);
    await b!.client.request('POST', `/api/rooms/${roomId}/pins/${pin.id}/ack`);
    expect(await acked).toEqual({ roomId, pinId: pin.id, byMe: false, ackCount: 1 });
    expect(await ackedC).toEqual({ roomId, pinId: pin.id, byMe: false, ackCount: 1 });
    expect(await ackedB).toEqual({ roomId, pinId: pin.id, byMe: true, ackCount: 1 });

    const bReminded = collect(sb, 'pin:reminded');
    const cReminded = next(sc, 'pin:reminded', (p) => p.pin.id === pin.id);
    await a!.client.request('POST', `/api/rooms/${roomId}/pins/${pin.id}/remind`);
    const reminded = await cReminded;
    expect(reminded.by).toBe('a');
    // The same reminder the notice shows from then on (PIN-6).
    const listed = (await c!.client.request('GET', `/api/rooms/${roomId}/pins`)).json().pins;
    expect(listed.find((x: { id: string }) => x.id === pin.id).myReminder).toEqual({
      at: reminded.at,
      by: 'a',
    });
    await ping(sb);
    expect(bReminded).toEqual([]);

    const removed = next(sc, 'pin:removed', (p) => p.pinId === pin.id);
    const unpinnedLine = next(sc, 'message:created', (p) => p.message.system?.type === 'unpinned');
    await a!.client.request('DELETE', `/api/rooms/${roomId}/pins/${pin.id}`);
    expect(await removed).toEqual({ roomId, pinId: pin.id });
    expect((await unpinnedLine).message.system?.actor).toEqual({ id: a!.id, nickname: 'a' });
  });

  it('PIN-7: deleting a pinned message pushes pin:removed', async () => {
    const [a, b] = await actors(t, 'a', 'b');
    const roomId = await group(a!, [b!]);
    const sb = await sock(b!);
    const m = (await a!.client.request('POST', `/api/rooms/${roomId}/messages`, { body: '고정할 글' })).json()
      .message;
    const pin = (await a!.client.request('POST', `/api/rooms/${roomId}/pins`, { messageId: m.id })).json()
      .pin;
    const removed = next(sb, 'pin:removed', (p) => p.pinId === pin.id);
    await a!.client.request('DELETE', `/api/messages/${m.id}`);
    expect(await removed).toEqual({ roomId, pinId: pin.id });
  });
});
