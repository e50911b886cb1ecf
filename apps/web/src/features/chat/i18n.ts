import { defineText } from '../../i18n/defineText.ts';

/** Words every part of a conversation uses (namespace `chat`, with the parts in rooms/, timeline/, composer/, header/, notify/ and members/). */
export const chatText = defineText({
  ko: {
    deletedUser: '(탈퇴한 사용자)',
    deactivated: '비활성화됨',
    someone: '알 수 없음',
    you: '나',
    presence: {
      online: '온라인',
      away: '자리 비움',
      offline: '오프라인',
    },
    close: '닫기',
    cancel: '취소',
    save: '저장',
    conversation: '대화',
    typingOne: '{{name}} 님이 입력 중…',
    typingMany: '{{names}} 님이 입력 중…',
    removedKicked: '“{{name}}” 대화방에서 내보내졌습니다.',
    removedLeft: '“{{name}}” 대화방에서 나갔습니다.',
    memberCount_one: '{{count}}명',
    memberCount_other: '{{count}}명',
    deletedMessage: '삭제된 메시지입니다',
    /** A reply whose original retention removed (RET-4). */
    originalRemoved: '원본 메시지가 삭제되었습니다',
    roomName: '대화방 이름',
  },
  en: {
    deletedUser: '(deleted user)',
    deactivated: 'Deactivated',
    someone: 'Someone',
    you: 'you',
    presence: {
      online: 'Online',
      away: 'Away',
      offline: 'Offline',
    },
    close: 'Close',
    cancel: 'Cancel',
    save: 'Save',
    conversation: 'Conversation',
    typingOne: '{{name}} is typing…',
    typingMany: '{{names}} are typing…',
    removedKicked: 'You were removed from “{{name}}”.',
    removedLeft: 'You left “{{name}}”.',
    memberCount_one: '{{count}} member',
    memberCount_other: '{{count}} members',
    deletedMessage: 'This message was deleted',
    originalRemoved: 'Original message deleted',
    roomName: 'Room name',
  },
});
