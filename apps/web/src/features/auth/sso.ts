import { ERRORS, isErrorCode, type ErrorCode, type Locale } from '@messenger/shared';

/**
 * The company sign-in's way back when it failed (AUTH-15): the server sends the browser to
 * `/?sso_error=<code>`. Read once and removed from the address bar, so a reload does not show it again.
 */
export function takeSsoError(): ErrorCode | null {
  const url = new URL(window.location.href);
  const code = url.searchParams.get('sso_error');
  if (code === null) return null;
  url.searchParams.delete('sso_error');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  return isErrorCode(code) ? code : 'auth.sso_failed';
}

/** The server's own sentence for the code, in the UI language (the same table the server answers from). */
export function ssoErrorText(code: ErrorCode, locale: Locale): string {
  return ERRORS[code][locale];
}

/**
 * `/?local=1` shows the username and password form even while local login is off: the first
 * administrator's break-glass way in (AUTH-14).
 */
export function localFormForced(): boolean {
  return new URL(window.location.href).searchParams.get('local') === '1';
}
