import type { FieldErrors } from '../../lib/useForm.ts';

/** A code as typed, without the spaces people put in (`123 456`). */
export function cleanCode(typed: string): string {
  return typed.replace(/\s/g, '');
}

/** An authenticator app code: six digits. */
export function validateAppCode(values: { code: string }): FieldErrors<'code'> {
  return { code: /^\d{6}$/.test(cleanCode(values.code)) ? undefined : 'validation.twoFactorCode' };
}

/** A recovery code: `xxxx-xxxx` (case, spaces and the dash do not matter). */
export function validateRecoveryCode(values: { code: string }): FieldErrors<'code'> {
  const bare = cleanCode(values.code).replace(/-/g, '');
  return { code: /^[a-z2-7]{8}$/i.test(bare) ? undefined : 'validation.twoFactorCode' };
}

/** The secret in groups of four, easier to read out and type into an app. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The text file of recovery codes: a header line, then one code a line. */
export function recoveryCodesFile(header: string, codes: string[]): string {
  return `${header}\n\n${codes.join('\n')}\n`;
}

/** Copies text to the clipboard; false where the browser does not allow it (plain HTTP on the LAN). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
