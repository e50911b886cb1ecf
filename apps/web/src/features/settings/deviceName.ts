import type { SessionInfo } from '@messenger/shared';

/** A translate function for the `settings.*` device keys (i18next's `t`, or a fake in tests). */
export type DeviceTranslate = (key: string, vars?: Record<string, string>) => string;

/**
 * How a session's device reads in the UI language: "Chrome on Linux" / "Linux의 Chrome", just the browser
 * or the platform when only one is known, "Unknown device" when neither is (AUTH-11).
 */
export function deviceName(session: Pick<SessionInfo, 'browser' | 'platform'>, t: DeviceTranslate): string {
  const browser = session.browser ? t(`settings.browsers.${session.browser}`) : null;
  const platform = session.platform ? t(`settings.platforms.${session.platform}`) : null;
  if (browser && platform) return t('settings.device', { browser, platform });
  return browser ?? platform ?? t('settings.unknownDevice');
}

/** Phones and tablets get the phone icon. */
export function isMobile(session: Pick<SessionInfo, 'platform'>): boolean {
  return session.platform === 'android' || session.platform === 'ios';
}
