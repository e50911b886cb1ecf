import { ERRORS } from '@messenger/shared';
import { describe, expect, it } from 'vitest';
import { chatParts, en, ko } from './resources.ts';

const keys = (obj: object, prefix = ''): string[] =>
  Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`),
  );

function flat(obj: object, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(obj).flatMap(([k, v]) =>
      typeof v === 'string' ? [[`${prefix}${k}`, v]] : Object.entries(flat(v as object, `${prefix}${k}.`)),
    ),
  );
}

describe('translations', () => {
  it('Korean and English have the same keys, none empty', () => {
    expect(keys(ko).sort()).toEqual(keys(en).sort());
    for (const text of [...Object.values(flat(ko)), ...Object.values(flat(en))])
      expect(text.trim()).not.toBe('');
  });

  it('every part of the chat namespace has the same keys in both languages, and no key is in two parts', () => {
    const seen = new Set<string>();
    for (const part of chatParts) {
      expect(keys(part.ko).sort()).toEqual(keys(part.en).sort());
      for (const key of Object.keys(part.en)) {
        expect(seen.has(key), `chat.${key} is in two parts`).toBe(false);
        seen.add(key);
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(en.chat).sort());
  });

  it('no error text repeats the message packages/shared already has for that code', () => {
    const web = { ko: flat(ko.errors), en: flat(en.errors) };
    for (const [code, shared] of Object.entries(ERRORS)) {
      if (!(code in web.en)) continue;
      const same = web.ko[code] === shared.ko && web.en[code] === shared.en;
      expect(same, `errors.${code} copies the shared message`).toBe(false);
    }
  });
});
