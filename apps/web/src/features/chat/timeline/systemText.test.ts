import type { SystemEvent, SystemEventUser } from '@messenger/shared';
import { describe, expect, it } from 'vitest';
import { en, ko } from '../../../i18n/resources.ts';
import { systemText, type SystemTranslate } from './systemText.ts';

/** A tiny stand-in for i18next: looks the key up in a language file and fills {{vars}}. */
function translator(messages: object): SystemTranslate {
  return (key, vars = {}) => {
    const template = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], messages);
    return String(template).replace(/\{\{(\w+)\}\}/g, (_, v: string) => String(vars[v] ?? ''));
  };
}

const a: SystemEventUser = { id: 'a', nickname: '김철수' };
const b: SystemEventUser = { id: 'b', nickname: '이영희' };
const c: SystemEventUser = { id: 'c', nickname: '박지훈' };
const event = (e: Partial<SystemEvent> & Pick<SystemEvent, 'type'>): SystemEvent => ({
  actor: null,
  targets: [],
  value: null,
  ...e,
});

describe('systemText', () => {
  it('ROOM-6: says who invited whom from the names the message carries, in Korean and English', () => {
    const e = event({ type: 'joined', actor: a, targets: [b] });
    expect(systemText(e, translator(ko))).toBe('김철수 님이 이영희 님을 초대했습니다');
    expect(systemText(e, translator(en))).toBe('김철수 invited 이영희');
  });

  it('ROOM-6: covers leaving, kicks, renames, roles and ownership', () => {
    const t = translator(en);
    expect(systemText(event({ type: 'left', actor: b, targets: [b] }), t)).toBe('이영희 left');
    expect(systemText(event({ type: 'kicked', actor: a, targets: [c] }), t)).toBe('김철수 removed 박지훈');
    expect(systemText(event({ type: 'renamed', actor: a, value: '새 이름' }), t)).toBe(
      '김철수 renamed the room to “새 이름”',
    );
    expect(systemText(event({ type: 'role_changed', actor: a, targets: [b], value: 'admin' }), t)).toBe(
      '김철수 made 이영희 an admin',
    );
    expect(systemText(event({ type: 'owner_transferred', targets: [c], value: 'owner' }), t)).toBe(
      '박지훈 is now the owner',
    );
    expect(
      systemText(event({ type: 'room_created', actor: a, targets: [b, c], value: '개발팀' }), translator(ko)),
    ).toBe('김철수 님이 “개발팀” 대화방을 만들었습니다');
  });

  it('PIN-10: says who pinned or unpinned a notice, in Korean and English', () => {
    const pinned = event({ type: 'pinned', actor: a });
    expect(systemText(pinned, translator(ko))).toBe('김철수 님이 공지를 등록했습니다');
    expect(systemText(pinned, translator(en))).toBe('김철수 pinned a notice');
    const unpinned = event({ type: 'unpinned', actor: b });
    expect(systemText(unpinned, translator(ko))).toBe('이영희 님이 공지를 해제했습니다');
    expect(systemText(unpinned, translator(en))).toBe('이영희 unpinned a notice');
  });

  it('ROOM-6: a person whose name the server could not know is "someone"', () => {
    const gone = { id: 'gone', nickname: '' };
    expect(systemText(event({ type: 'kicked', actor: a, targets: [gone] }), translator(en))).toBe(
      '김철수 removed Someone',
    );
  });
});
