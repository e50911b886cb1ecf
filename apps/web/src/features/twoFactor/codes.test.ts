import { describe, expect, it } from 'vitest';
import { cleanCode, groupSecret, recoveryCodesFile, validateAppCode, validateRecoveryCode } from './codes.ts';

describe('two-step verification codes as typed (AUTH-16)', () => {
  it('AUTH-16: an app code is six digits, spaces ignored', () => {
    expect(cleanCode(' 123 456 ')).toBe('123456');
    expect(validateAppCode({ code: '123 456' }).code).toBeUndefined();
    expect(validateAppCode({ code: '12345' }).code).toBe('validation.twoFactorCode');
    expect(validateAppCode({ code: '12345a' }).code).toBe('validation.twoFactorCode');
  });

  it('AUTH-16: a recovery code is two groups of four base32 characters, any case, dash optional', () => {
    expect(validateRecoveryCode({ code: 'abcd-2345' }).code).toBeUndefined();
    expect(validateRecoveryCode({ code: 'ABCD2345' }).code).toBeUndefined();
    expect(validateRecoveryCode({ code: 'abcd-1890' }).code).toBe('validation.twoFactorCode');
  });

  it('AUTH-16: the secret reads in groups of four; the codes file has one code a line', () => {
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
    expect(recoveryCodesFile('Codes', ['aaaa-bbbb', 'cccc-dddd'])).toBe('Codes\n\naaaa-bbbb\ncccc-dddd\n');
  });
});
