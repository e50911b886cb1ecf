import type { SearchHit } from '@messenger/shared';
import { describe, expect, it } from 'vitest';
import { dateRange, groupByRoom, highlightSegments, NO_FILTERS, searchBody } from './searchModel.ts';

const hit = (id: string, roomId: string): SearchHit =>
  ({
    message: { id, roomId },
    room: { id: roomId, kind: 'group', name: roomId },
    snippet: { text: '', ranges: [] },
    files: [],
  }) as unknown as SearchHit;

describe('search panel model', () => {
  it('SRCH-7 nothing is asked without words or a filter; filters become the advanced body', () => {
    const now = new Date(2026, 11, 1, 15, 30);
    expect(searchBody('   ', NO_FILTERS, now)).toBeNull();
    expect(searchBody('회의', NO_FILTERS, now)).toEqual({ text: '회의', offset: 0, limit: 30 });
    expect(
      searchBody(
        '',
        { ...NO_FILTERS, mentionsMe: true, file: 'image', roomId: 'r1', senderId: 'u1' },
        now,
        30,
      ),
    ).toEqual({
      text: '',
      roomId: 'r1',
      senderId: 'u1',
      fileKind: 'image',
      mentionsMe: true,
      offset: 30,
      limit: 30,
    });
    expect(searchBody('', { ...NO_FILTERS, file: 'any' }, now)).toMatchObject({ hasFile: true });
  });

  it('SRCH-7 date chips are local days: today from midnight, a custom range through the end of its last day', () => {
    const now = new Date(2026, 11, 10, 15, 30);
    expect(dateRange({ ...NO_FILTERS, date: 'today' }, now)).toEqual({
      from: new Date(2026, 11, 10).toISOString(),
    });
    expect(dateRange({ ...NO_FILTERS, date: 'week' }, now).from).toBe(new Date(2026, 11, 4).toISOString());
    expect(
      dateRange({ ...NO_FILTERS, date: 'custom', fromDay: '2026-11-02', toDay: '2026-11-03' }, now),
    ).toEqual({
      from: new Date(2026, 10, 2).toISOString(),
      to: new Date(2026, 10, 4).toISOString(),
    });
    expect(dateRange({ ...NO_FILTERS, date: 'custom', fromDay: '', toDay: '' }, now)).toEqual({
      from: undefined,
      to: undefined,
    });
  });

  it('SRCH-7 hits are grouped by room in the order of each room’s newest hit', () => {
    const groups = groupByRoom([hit('1', 'a'), hit('2', 'b'), hit('3', 'a')]);
    expect(groups.map((g) => [g.roomId, g.hits.map((h) => h.message.id)])).toEqual([
      ['a', ['1', '3']],
      ['b', ['2']],
    ]);
  });

  it('SRCH-6 ranges become marked pieces; out-of-bounds ranges cannot break the text', () => {
    expect(highlightSegments({ text: '주간회의록 공유', ranges: [[2, 4]] })).toEqual([
      { text: '주간', mark: false },
      { text: '회의', mark: true },
      { text: '록 공유', mark: false },
    ]);
    expect(
      highlightSegments({
        text: 'abc',
        ranges: [
          [2, 99],
          [1, 2],
        ],
      })
        .map((s) => s.text)
        .join(''),
    ).toBe('abc');
  });
});
