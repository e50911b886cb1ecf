import { describe, expect, it } from 'vitest';
import { LoginBody, Nickname, RegisterBody, Username } from './auth.ts';
import { charLength } from './common.ts';

describe('AUTH-1: account field rules shared by client and server', () => {
  it('usernames are 3-20 of [A-Za-z0-9_]', () => {
    for (const ok of ['abc', 'A_1', 'a'.repeat(20), '  padded_ok  '])
      expect(Username.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['ab', 'a'.repeat(21), 'with space', '한글이름', 'dash-name', 'dot.name', '']) {
      expect(Username.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('nicknames are trimmed, NFC-normalized and counted in characters, Korean included', () => {
    expect(Nickname.parse('  김철수  ')).toBe('김철수');
    // Decomposed jamo (NFD, as macOS sometimes sends) become precomposed syllables.
    expect(Nickname.parse('\u1100\u1161')).toBe('가');
    expect(Nickname.safeParse('가'.repeat(20)).success).toBe(true);
    expect(Nickname.safeParse('가'.repeat(21)).success).toBe(false);
    expect(Nickname.safeParse('   ').success).toBe(false);
    expect(charLength('😀😀')).toBe(2);
  });

  it('register requires a password of at least 8 characters; login accepts any non-empty one', () => {
    expect(RegisterBody.safeParse({ username: 'abc', password: '1234567' }).success).toBe(false);
    expect(RegisterBody.safeParse({ username: 'abc', password: '12345678' }).success).toBe(true);
    expect(LoginBody.safeParse({ username: 'abc', password: 'x' }).success).toBe(true);
    expect(LoginBody.safeParse({ username: 'abc' }).success).toBe(false);
  });
});
