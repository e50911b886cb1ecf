import { defineText } from '../../i18n/defineText.ts';

/** The installed app: offline, a new version, an insecure address (namespace `install`). */
export const installText = defineText({
  ko: {
    offline: '오프라인 상태입니다. 보낸 메시지는 연결되면 전송됩니다.',
    updateReady: '새 버전이 준비되었습니다.',
    update: '새 버전으로 열기',
    insecure:
      '이 주소는 HTTPS가 아니어서 데스크톱 알림, 앱 설치와 종단 간 암호화를 쓸 수 없습니다. 관리자에게 https:// 주소를 요청하세요.',
  },
  en: {
    offline: 'You are offline. Messages you send go out once you are connected.',
    updateReady: 'A new version is ready.',
    update: 'Open the new version',
    insecure:
      'This address is not HTTPS, so desktop notifications, installing the app and end-to-end encryption are unavailable. Ask your administrator for the https:// address.',
  },
});
