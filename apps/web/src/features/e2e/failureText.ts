import { ERRORS, isErrorCode } from '@messenger/shared';
import { currentLocale, translateKey } from '../../i18n/index.ts';

/**
 * The translation key of a failure code: the classified words of the crypto core's failures (`e2e.failure.*`)
 * and of this device's state (`e2e.device.*`); null for any other code (a server or network failure).
 */
export function failureKey(code: string): string | null {
  const m = /^(e2e|device)\.([a-z_]+)$/.exec(code);
  if (!m) return null;
  return m[1] === 'e2e' ? `e2e.failure.${m[2]}` : `e2e.device.${m[2]}`;
}

/**
 * What a person reads for a failure code: the classified words, else the server's message for its code, else a
 * sentence naming the code. `message`: a message that did not open (never a blank); `action`: a send or edit.
 */
export function failureText(code: string, context: 'message' | 'action' = 'message'): string {
  const key = failureKey(code);
  const words = key ? translateKey(key) : null;
  if (words) return words;
  if (isErrorCode(code)) return ERRORS[code][currentLocale()];
  const fallback = context === 'message' ? 'e2e.unreadable' : 'e2e.actionFailed';
  return translateKey(fallback, { code }) ?? code;
}
