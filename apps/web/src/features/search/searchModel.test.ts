import type { SearchHit } from '@messenger/shared';
import { describe, expect, it } from 'vitest';
import {
  dateRange,
  deviceCanFilter,
  deviceHitToPanelHit,
  filterDeviceHits,
  groupByRoom,
  highlightSegments,
  mergeHits,
  NO_FILTERS,
  searchBody,
  type DeviceHit,
  type SearchFilters,
} from './searchModel.ts';

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

describe('device hits of encrypted rooms (E2E-94)', () => {
  const device = (id: string, createdAt: string, senderId = 'u_1'): DeviceHit => ({
    roomId: 'r_e2e',
    messageId: id,
    senderId,
    createdAt,
    snippet: { text: `text ${id}`, ranges: [[0, 4]] },
  });
  const server = (id: string, createdAt: string): SearchHit =>
    ({ ...hit(id, 'r_plain'), message: { id, roomId: 'r_plain', createdAt } }) as unknown as SearchHit;

  it('merges with the server hits newest first, marked as found on this device, each message once', () => {
    const d1 = deviceHitToPanelHit(
      device('d1', '2026-12-07T10:00:02.000Z'),
      { kind: 'group', name: 'E' },
      null,
    );
    const d2 = deviceHitToPanelHit(
      device('s1', '2026-12-07T10:00:01.000Z'),
      { kind: 'group', name: 'E' },
      null,
    );
    const merged = mergeHits(
      [server('s1', '2026-12-07T10:00:01.000Z'), server('s0', '2026-12-07T10:00:00.000Z')],
      [d2, d1],
    );
    expect(merged.map((h) => h.message.id)).toEqual(['d1', 's1', 's0']);
    expect(merged[0]).toMatchObject({
      onDevice: true,
      room: { id: 'r_e2e', name: 'E' },
      message: { kind: 'e2e' },
    });
    expect(merged[1]!.onDevice).toBeUndefined();
  });

  it('keeps to the sender and date filters, and leaves encrypted rooms out for file and mention filters', () => {
    const now = new Date(2026, 11, 7, 12, 0);
    const today = new Date(2026, 11, 7, 9, 0).toISOString();
    const lastMonth = new Date(2026, 10, 1, 9, 0).toISOString();
    const hits = [device('a', today, 'u_1'), device('b', lastMonth, 'u_1'), device('c', today, 'u_2')];
    const ids = (f: SearchFilters) => filterDeviceHits(hits, f, now).map((h) => h.messageId);
    expect(ids(NO_FILTERS)).toEqual(['a', 'b', 'c']);
    expect(ids({ ...NO_FILTERS, senderId: 'u_1' })).toEqual(['a', 'b']);
    expect(ids({ ...NO_FILTERS, date: 'today' })).toEqual(['a', 'c']);
    expect(deviceCanFilter(NO_FILTERS)).toBe(true);
    expect(deviceCanFilter({ ...NO_FILTERS, file: 'any' })).toBe(false);
    expect(deviceCanFilter({ ...NO_FILTERS, mentionsMe: true })).toBe(false);
  });
});
