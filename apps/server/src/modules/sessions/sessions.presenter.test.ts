import { describe, expect, it } from 'vitest';
import { describeUserAgent } from './sessions.presenter.ts';

describe('describeUserAgent', () => {
  it('AUTH-11: names browser and platform as ids, the Chromium family and phones included', () => {
    const cases: [string, ReturnType<typeof describeUserAgent>][] = [
      [
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36',
        { browser: 'chrome', platform: 'linux' },
      ],
      [
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36 Edg/140.0',
        { browser: 'edge', platform: 'windows' },
      ],
      [
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/138.0 Whale/4.33 Safari/537.36',
        { browser: 'whale', platform: 'windows' },
      ],
      [
        'Mozilla/5.0 (Linux; Android 14; SM-S921N) AppleWebKit/537.36 SamsungBrowser/27.0 Chrome/125.0 Mobile Safari/537.36',
        { browser: 'samsung', platform: 'android' },
      ],
      [
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/18.0 Safari/605.1.15',
        { browser: 'safari', platform: 'macos' },
      ],
      [
        'Mozilla/5.0 (iPad; CPU OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Safari/604.1',
        { browser: 'safari', platform: 'ios' },
      ],
      [
        'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
        { browser: 'firefox', platform: 'linux' },
      ],
      ['curl/8.5.0', { browser: 'curl', platform: null }],
      ['node', { browser: 'script', platform: null }],
      ['', { browser: null, platform: null }],
    ];
    for (const [ua, expected] of cases) expect(describeUserAgent(ua), ua).toEqual(expected);
  });
});
