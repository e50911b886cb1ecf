import { defineText } from '../../../i18n/defineText.ts';

/** The room header and its menu (part of namespace `chat`). */
export const headerText = defineText({
  ko: {
    backToList: '대화 목록으로',
    membersButton_one: '대화상대 {{count}}',
    membersButton_other: '대화상대 {{count}}',
    roomMenu: '대화방 설정',
    pin: '상단 고정',
    mute: '알림 끄기',
  },
  en: {
    backToList: 'Back to conversations',
    membersButton_one: 'Members {{count}}',
    membersButton_other: 'Members {{count}}',
    roomMenu: 'Room options',
    pin: 'Pin to top',
    mute: 'Mute',
  },
});
