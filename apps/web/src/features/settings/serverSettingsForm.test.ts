import type { ServerSettings } from '@messenger/shared';
import { describe, expect, it } from 'vitest';
import { changeOf, draftOf } from './serverSettingsForm.ts';

const limit = { max: 5, windowSeconds: 60 };
const settings: ServerSettings = {
  upload: { maxBytes: 1_500_000, allowedExtensions: ['png', 'txt'] },
  rateLimits: {
    login: limit,
    register: limit,
    messageSend: limit,
    upload: limit,
    search: limit,
    pinRemind: limit,
    twoFactor: limit,
  },
  retentionDays: 0,
  notifications: { level: 'all', sound: false },
  e2ePolicy: 'default',
};

describe('ADMIN-3: the server settings form', () => {
  it('sends only what was changed, the size in MB as bytes', () => {
    const d = draftOf(settings);
    expect(d.maxMb).toBe('1.43');
    expect(changeOf(d, settings)).toBeNull(); // an untouched size that is not whole MB is not rounded and sent
    expect(
      changeOf(
        {
          ...d,
          maxMb: '2',
          extensions: ['png'],
          limits: { ...d.limits, search: { max: '3', windowSeconds: '60' } },
          retentionDays: '30',
          sound: true,
        },
        settings,
      ),
    ).toEqual({
      upload: { maxBytes: 2 * 1024 * 1024, allowedExtensions: ['png'] },
      rateLimits: { search: { max: 3, windowSeconds: 60 } },
      retentionDays: 30,
      notifications: { sound: true },
    });
  });

  it('a field that is not a number is caught before sending', () => {
    const d = draftOf(settings);
    expect(changeOf({ ...d, retentionDays: '' }, settings)).toBe('invalid');
    expect(
      changeOf({ ...d, limits: { ...d.limits, login: { max: 'x', windowSeconds: '60' } } }, settings),
    ).toBe('invalid');
  });
});
