import { describe, expect, it } from 'vitest';
import { formatRelative } from './time.ts';

const now = Date.parse('2026-03-10T12:00:00Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

describe('formatRelative', () => {
  it('leaves "just now" to the caller under a minute', () => {
    expect(formatRelative(ago(20), now, 'en')).toBeNull();
  });

  it('formats minutes, hours and days in the UI language', () => {
    expect(formatRelative(ago(5 * 60), now, 'en')).toBe('5 minutes ago');
    expect(formatRelative(ago(5 * 60), now, 'ko')).toBe('5분 전');
    expect(formatRelative(ago(3 * 3600), now, 'en')).toBe('3 hours ago');
    expect(formatRelative(ago(26 * 3600), now, 'en')).toBe('yesterday');
    expect(formatRelative(ago(26 * 3600), now, 'ko')).toBe('어제');
  });
});
