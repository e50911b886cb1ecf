import { ApiError } from '../lib/api.ts';
import { i18n, translateKey } from './index.ts';

/**
 * The text to show for a failed call: our own translation of the error code when we have one, else the
 * server's localized message, else a generic sentence.
 */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    return translateKey(`errors.${err.code}`) ?? (err.message || i18n.t('errors.unknown'));
  }
  return i18n.t('errors.unknown');
}
