import { describe, expect, it } from 'vitest';
import { parsePrefs } from './prefs.ts';

describe('parsePrefs', () => {
  it('reads stored preferences and falls back on anything malformed', () => {
    expect(parsePrefs('{"global":"mentions","rooms":{"r1":"none"},"sound":true}')).toEqual({
      global: 'mentions',
      rooms: { r1: 'none' },
      sound: true,
    });
    expect(parsePrefs('{"global":"loud"}').global).toBe('all');
    expect(parsePrefs('not json')).toEqual({ global: 'all', rooms: {}, sound: false });
    expect(parsePrefs(null).sound).toBe(false);
  });
});
