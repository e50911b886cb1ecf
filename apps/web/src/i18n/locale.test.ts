import { describe, expect, it } from 'vitest';
import { initialLocale, pickLocale, storedLocale, storeLocale } from './locale.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  };
}

describe('pickLocale', () => {
  it('picks Korean when Korean comes before English', () => {
    expect(pickLocale(['ko-KR', 'en-US'])).toBe('ko');
    expect(pickLocale(['ko'])).toBe('ko');
    expect(pickLocale(['ja-JP', 'ko-KR', 'en'])).toBe('ko');
  });

  it('picks English when English comes first, even if Korean is listed', () => {
    expect(pickLocale(['en-US', 'ko-KR'])).toBe('en');
    expect(pickLocale(['en-GB'])).toBe('en');
  });

  it('falls back to English for other or no languages', () => {
    expect(pickLocale(['ja-JP', 'zh-CN'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });

  it('ignores case and underscores in tags', () => {
    expect(pickLocale(['KO_kr'])).toBe('ko');
  });
});

describe('stored language', () => {
  it('a stored choice wins over the browser preference', () => {
    const storage = memoryStorage();
    storeLocale(storage, 'ko');
    expect(initialLocale(storage, ['en-US'])).toBe('ko');
  });

  it('ignores garbage and unavailable storage', () => {
    expect(storedLocale(memoryStorage({ 'mx.language': 'fr' }))).toBeNull();
    expect(storedLocale(undefined)).toBeNull();
    const throwing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(initialLocale(throwing, ['ko-KR'])).toBe('ko');
  });
});
