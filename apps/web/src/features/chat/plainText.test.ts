import { describe, expect, it } from 'vitest';
import { plainText } from './plainText.ts';

describe('plainText', () => {
  it('drops Markdown marks and joins lines for one-line previews', () => {
    expect(plainText('**1. 배포 일정**\n- 금요일 배포\n- 롤백 계획\n\n**2. 코드 리뷰** 규칙')).toBe(
      '1. 배포 일정 금요일 배포 롤백 계획 2. 코드 리뷰 규칙',
    );
    expect(plainText('> 인용\n`code` ~~취소~~ [링크](https://a.b) *기울임*')).toBe(
      '인용 code 취소 링크 기울임',
    );
    expect(plainText('```\nconst a = 1;\n```')).toBe('const a = 1;');
  });
});
