import { defineText } from '../../../i18n/defineText.ts';

/** Notification settings (part of namespace `chat`). */
export const notifyText = defineText({
  ko: {
    notifyRoom: '이 대화방 알림',
    notifyGlobal: '데스크톱 알림',
    notifyDefault: '기본 설정 따르기',
    notifyAll: '모든 메시지',
    notifyMentions: '멘션만',
    notifyNone: '받지 않음',
    notifySound: '알림음 재생',
    notifications: '알림 설정',
    enableDesktop: '데스크톱 알림 허용…',
    desktopBlocked: '이 브라우저에서 데스크톱 알림이 차단되어 있습니다.',
  },
  en: {
    notifyRoom: 'Notifications in this room',
    notifyGlobal: 'Desktop notifications',
    notifyDefault: 'Use default',
    notifyAll: 'All messages',
    notifyMentions: 'Mentions only',
    notifyNone: 'None',
    notifySound: 'Play a sound',
    notifications: 'Notification settings',
    enableDesktop: 'Allow desktop notifications…',
    desktopBlocked: 'Desktop notifications are blocked in this browser.',
  },
});
