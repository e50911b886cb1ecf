import { describe, expect, it } from 'vitest';
import { effectivePrefs, parsePrefs } from './prefs.ts';

describe('parsePrefs', () => {
  it('reads stored preferences and treats anything malformed as never chosen', () => {
    expect(parsePrefs('{"global":"mentions","rooms":{"r1":"none"},"sound":true}')).toEqual({
      global: 'mentions',
      rooms: { r1: 'none' },
      sound: true,
    });
    expect(parsePrefs('{"global":"loud"}').global).toBeUndefined();
    expect(parsePrefs('not json')).toEqual({ rooms: {} });
    expect(parsePrefs(null).sound).toBeUndefined();
  });

  it("ADMIN-3: the server's defaults apply to what the user never chose, and only to that", () => {
    const server = { level: 'mentions', sound: true } as const;
    expect(effectivePrefs(parsePrefs(null), server)).toEqual({ global: 'mentions', rooms: {}, sound: true });
    expect(effectivePrefs(parsePrefs('{"global":"all","sound":false}'), server)).toEqual({
      global: 'all',
      rooms: {},
      sound: false,
    });
    expect(effectivePrefs(parsePrefs('{"sound":false}'), server).global).toBe('mentions');
  });
});
