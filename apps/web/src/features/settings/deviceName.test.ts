import { BrowserKind, PlatformKind } from '@messenger/shared';
import { describe, expect, it } from 'vitest';
import { en, ko } from '../../i18n/resources.ts';
import { deviceName, isMobile, type DeviceTranslate } from './deviceName.ts';

/** A tiny stand-in for i18next: looks the key up in a language file and fills {{vars}}. */
function translator(messages: object): DeviceTranslate {
  return (key, vars = {}) => {
    const template = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], messages);
    if (typeof template !== 'string') throw new Error(`missing ${key}`);
    return template.replace(/\{\{(\w+)\}\}/g, (_, v: string) => vars[v] ?? '');
  };
}

describe('deviceName', () => {
  it('AUTH-11: words browser and platform in the UI language', () => {
    const s = { browser: 'chrome', platform: 'linux' } as const;
    expect(deviceName(s, translator(en))).toBe('Chrome on Linux');
    expect(deviceName(s, translator(ko))).toBe('Linux의 Chrome');
    expect(deviceName({ browser: 'samsung', platform: 'android' }, translator(ko))).toBe(
      'Android의 삼성 인터넷',
    );
  });

  it('AUTH-11: shows what is known, and "unknown device" when nothing is', () => {
    expect(deviceName({ browser: 'curl', platform: null }, translator(en))).toBe('curl');
    expect(deviceName({ browser: null, platform: 'ios' }, translator(en))).toBe('iOS');
    expect(deviceName({ browser: null, platform: null }, translator(ko))).toBe('알 수 없는 기기');
  });

  it('every browser and platform id has a name in both languages', () => {
    for (const messages of [en, ko]) {
      const t = translator(messages);
      for (const browser of BrowserKind.options)
        expect(deviceName({ browser, platform: null }, t)).not.toBe('');
      for (const platform of PlatformKind.options)
        expect(deviceName({ browser: null, platform }, t)).not.toBe('');
    }
  });

  it('phones and tablets are mobile', () => {
    expect(isMobile({ platform: 'android' })).toBe(true);
    expect(isMobile({ platform: 'ios' })).toBe(true);
    expect(isMobile({ platform: 'windows' })).toBe(false);
    expect(isMobile({ platform: null })).toBe(false);
  });
});
