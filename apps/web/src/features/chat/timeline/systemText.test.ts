import { describe, expect, it } from 'vitest';
import { en } from '../../../i18n/en.ts';
import { ko } from '../../../i18n/ko.ts';
import { systemText, type SystemTranslate } from './systemText.ts';

/** A tiny stand-in for i18next: looks the key up in a language file and fills {{vars}}. */
function translator(messages: object): SystemTranslate {
  return (key, vars) => {
    const template = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], messages);
    return String(template).replace(/\{\{(\w+)\}\}/g, (_, v: string) => String(vars[v] ?? ''));
  };
}

const names: Record<string, string> = { a: '김철수', b: '이영희', c: '박지훈' };
const nameOf = (id: string) => names[id] ?? '?';

describe('systemText', () => {
  it('says who invited whom, in Korean and English', () => {
    const e = { type: 'joined' as const, actorId: 'a', targetIds: ['b'], value: null };
    expect(systemText(e, nameOf, translator(ko))).toBe('김철수 님이 이영희 님을 초대했습니다');
    expect(systemText(e, nameOf, translator(en))).toBe('김철수 invited 이영희');
  });

  it('covers leaving, kicks, renames, roles and ownership', () => {
    const t = translator(en);
    expect(systemText({ type: 'left', actorId: 'b', targetIds: ['b'], value: null }, nameOf, t)).toBe(
      '이영희 left',
    );
    expect(systemText({ type: 'kicked', actorId: 'a', targetIds: ['c'], value: null }, nameOf, t)).toBe(
      '김철수 removed 박지훈',
    );
    expect(systemText({ type: 'renamed', actorId: 'a', targetIds: [], value: '새 이름' }, nameOf, t)).toBe(
      '김철수 renamed the room to “새 이름”',
    );
    expect(
      systemText({ type: 'role_changed', actorId: 'a', targetIds: ['b'], value: 'admin' }, nameOf, t),
    ).toBe('김철수 made 이영희 an admin');
    expect(
      systemText({ type: 'owner_transferred', actorId: null, targetIds: ['c'], value: 'owner' }, nameOf, t),
    ).toBe('박지훈 is now the owner');
    expect(
      systemText(
        { type: 'room_created', actorId: 'a', targetIds: ['b', 'c'], value: '개발팀' },
        nameOf,
        translator(ko),
      ),
    ).toBe('김철수 님이 “개발팀” 대화방을 만들었습니다');
  });
});
