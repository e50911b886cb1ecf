import { describe, expect, it } from 'vitest';
import { LocalIndex, type LocalDoc } from './localIndex.ts';

const doc = (messageId: string, body: string, over: Partial<LocalDoc> = {}): LocalDoc => ({
  roomId: 'r1',
  messageId,
  senderId: 'u_1',
  createdAt: `2026-12-07T10:00:0${messageId.slice(-1)}.000Z`,
  body,
  ...over,
});

const ids = (index: LocalIndex, q: string, opts?: { roomId?: string }) =>
  index.search(q, opts).map((h) => h.messageId);

describe('the device search index of encrypted rooms (E2E-90, E2E-91)', () => {
  it('finds a Korean two-syllable word inside a compound, and a one-syllable prefix, as the server does', () => {
    const index = new LocalIndex();
    index.add(doc('m1', '내일 주간회의록 올려 주세요'));
    index.add(doc('m2', '점심 뭐 먹을까요'));
    expect(ids(index, '회의')).toEqual(['m1']);
    expect(ids(index, '회의록')).toEqual(['m1']);
    expect(ids(index, '점')).toEqual(['m2']);
    expect(ids(index, '의회')).toEqual([]);
  });

  it('finds English words case-insensitively, words by prefix with a star, and marks the match', () => {
    const index = new LocalIndex();
    index.add(doc('m1', 'Deploying the NEW release'));
    expect(ids(index, 'new')).toEqual(['m1']);
    expect(ids(index, 'deploy')).toEqual([]);
    expect(ids(index, 'deploy*')).toEqual(['m1']);
    const [hit] = index.search('new');
    expect(hit!.snippet.text).toBe('Deploying the NEW release');
    expect(hit!.snippet.ranges).toEqual([[14, 17]]);
  });

  it('requires every term (AND) and answers newest first', () => {
    const index = new LocalIndex();
    index.add(doc('m1', '배포 일정 공유'));
    index.add(doc('m2', '배포 완료'));
    index.add(doc('m3', '배포 일정 변경'));
    expect(ids(index, '배포')).toEqual(['m3', 'm2', 'm1']);
    expect(ids(index, '배포 일정')).toEqual(['m3', 'm1']);
    expect(ids(index, '배포 일정 공유')).toEqual(['m1']);
    expect(ids(index, '"일정 배포"')).toEqual([]);
  });

  it('keeps to one room when asked', () => {
    const index = new LocalIndex();
    index.add(doc('m1', 'budget review', { roomId: 'r1' }));
    index.add(doc('m2', 'budget review', { roomId: 'r2' }));
    expect(ids(index, 'budget', { roomId: 'r2' })).toEqual(['m2']);
    expect(ids(index, 'budget')).toEqual(['m2', 'm1']);
  });

  it('an edit replaces the entry and a deletion removes it (E2E-92)', () => {
    const index = new LocalIndex();
    index.add(doc('m1', '예산 검토'));
    index.add(doc('m1', '일정 검토'));
    expect(ids(index, '예산')).toEqual([]);
    expect(ids(index, '일정')).toEqual(['m1']);
    expect(index.size).toBe(1);
    expect(index.remove('m1')).toBe(true);
    expect(ids(index, '검토')).toEqual([]);
    expect(index.size).toBe(0);
  });

  it('survives a serialize/deserialize round trip; an unreadable record gives an empty index', () => {
    const index = new LocalIndex();
    index.add(doc('m1', '주간회의록 공유', { seq: 4 }));
    index.add(doc('m2', 'hello world', { roomId: 'r2' }));
    const back = LocalIndex.deserialize(index.serialize());
    expect(back.size).toBe(2);
    expect(back.search('회의')).toEqual(index.search('회의'));
    expect(back.search('회의')[0]).toMatchObject({ messageId: 'm1', seq: 4, roomId: 'r1', senderId: 'u_1' });
    expect(LocalIndex.deserialize('not json').size).toBe(0);
    expect(LocalIndex.deserialize('{"v":2,"docs":[]}').size).toBe(0);
  });

  it('keeps at most its limit, dropping the oldest message', () => {
    const index = new LocalIndex(2);
    index.add(doc('m1', 'alpha'));
    index.add(doc('m2', 'alpha'));
    index.add(doc('m3', 'alpha'));
    expect(ids(index, 'alpha')).toEqual(['m3', 'm2']);
  });
});
