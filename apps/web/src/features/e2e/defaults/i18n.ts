import { defineText } from '../../../i18n/defineText.ts';

/** Which rooms are end-to-end encrypted by default, and recovery offered at first use (namespace `e2eDefault`, SPEC E2E-110..E2E-119). */
export const e2eDefaultText = defineText({
  ko: {
    directAlways:
      '1:1 대화는 항상 종단간 암호화됩니다. 이 사람과 이전에 나눈 일반 대화는 목록에 그대로 남습니다.',
    required: '이 조직에서는 {{max}}명 이하 그룹을 항상 종단간 암호화합니다.',
    tooLarge:
      '{{max}}명보다 큰 그룹은 일반 대화방입니다. 전송 중과 서버 저장 시 암호화되지만, 종단간 암호화는 아닙니다.',
    unsupported: '이 브라우저는 종단간 암호화 키를 보관할 수 없어 일반 대화방으로 만듭니다.',
    notE2eTag: '종단간 아님',
    noServerFeatures:
      '서버 검색과 바이러스 검사는 이 대화방에 적용되지 않습니다. 검색은 내 기기에서 하고, 파일은 서버가 검사하지 않습니다.',
    prompt:
      '복구 키를 설정하세요. 설정하지 않으면 로그아웃하거나 PC를 바꾼 뒤 암호화 대화를 읽을 수 없습니다.',
    setUp: '복구 키 설정',
    later: '나중에',
    setUpTitle: '복구 키 설정',
    close: '닫기',
  },
  en: {
    directAlways:
      'Direct chats are always end-to-end encrypted. Your earlier standard chat with this person stays in the list.',
    required: 'Your organisation encrypts groups of up to {{max}} people end to end, always.',
    tooLarge:
      'Groups of more than {{max}} people are standard rooms: encrypted in transit and at rest, not end-to-end.',
    unsupported: 'This browser cannot keep end-to-end encryption keys, so this will be a standard room.',
    notE2eTag: 'Not end-to-end',
    noServerFeatures:
      'Server search and virus scanning do not apply to this room: search runs on your device, and the server does not scan its files.',
    prompt:
      'Set up a recovery key. Without one, you cannot read your encrypted conversations after you log out or change PC.',
    setUp: 'Set up recovery key',
    later: 'Later',
    setUpTitle: 'Set up recovery key',
    close: 'Close',
  },
});
