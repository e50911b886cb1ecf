import { defineText } from './defineText.ts';

/** The app frame: loading, an unreachable or updated server, reconnecting (namespace `app`). */
export const appText = defineText({
  ko: {
    name: '사내 메신저',
    loading: '불러오는 중…',
    unreachableTitle: '서버에 연결할 수 없습니다',
    unreachableBody: '네트워크 연결을 확인한 뒤 다시 시도해 주세요.',
    retry: '다시 시도',
    updateAvailable: '서버가 업데이트되었습니다. 계속 사용하려면 페이지를 새로 고쳐 주세요.',
    reload: '새로 고침',
    reconnecting: '연결이 끊어졌습니다. 다시 연결하는 중…',
  },
  en: {
    name: 'Intranet Messenger',
    loading: 'Loading…',
    unreachableTitle: 'Cannot reach the server',
    unreachableBody: 'Check your network connection, then try again.',
    retry: 'Try again',
    updateAvailable: 'The server was updated. Please reload the page to keep working.',
    reload: 'Reload',
    reconnecting: 'Connection lost. Reconnecting…',
  },
});

/** Why the user was signed out, shown on the login screen (namespace `notices`). */
export const noticesText = defineText({
  ko: {
    passwordChanged: '다른 기기에서 비밀번호가 변경되어 로그아웃되었습니다.',
    sessionRevoked: '이 세션은 로그아웃되었습니다.',
    sessionExpired: '세션이 만료되었습니다. 다시 로그인해 주세요.',
    accountDeleted: '계정이 삭제되었습니다. 그동안 이용해 주셔서 감사합니다.',
    deactivated: '관리자가 계정을 비활성화했습니다.',
    twoFactorRequired: '관리자가 2단계 인증을 필수로 정했습니다. 다시 로그인해 인증 앱을 연결해 주세요.',
    twoFactorReset: '관리자가 2단계 인증을 초기화했습니다. 다시 로그인해 주세요.',
    signedOutByAdmin: '관리자가 모든 기기에서 로그아웃시켰습니다. 다시 로그인해 주세요.',
    passwordReset: '관리자가 비밀번호를 초기화했습니다. 받은 임시 비밀번호로 로그인해 주세요.',
    dismiss: '닫기',
  },
  en: {
    passwordChanged: 'You were signed out because your password was changed on another device.',
    sessionRevoked: 'This session was signed out.',
    sessionExpired: 'Your session has expired. Please log in again.',
    accountDeleted: 'Your account was deleted. Thank you for using the messenger.',
    deactivated: 'Your account was deactivated by an administrator.',
    twoFactorRequired:
      'Your administrator now requires two-step verification. Sign in again to connect an authenticator app.',
    twoFactorReset: 'An administrator reset your two-step verification. Please sign in again.',
    signedOutByAdmin: 'An administrator signed you out on every device. Please sign in again.',
    passwordReset:
      'An administrator reset your password. Sign in with the temporary password you were given.',
    dismiss: 'Dismiss',
  },
});

/** Relative times (namespace `time`). */
export const timeText = defineText({
  ko: {
    justNow: '방금 전',
  },
  en: {
    justNow: 'just now',
  },
});

/** Language names, each in its own language (namespace `language`). */
export const languageText = defineText({
  ko: {
    ko: '한국어',
    en: 'English',
  },
  en: {
    ko: '한국어',
    en: 'English',
  },
});
