import { defineText } from './defineText.ts';

/**
 * Error codes the client words itself (namespace `errors`): its own failures, and the server codes whose
 * message in `@messenger/shared` does not fit the screen. Every other code shows the server's message, which
 * comes from shared in the UI language (sent as Accept-Language): never copy a shared message here.
 */
export const errorsText = defineText({
  ko: {
    unknown: '문제가 발생했습니다. 다시 시도해 주세요.',
    network: {
      unreachable: '서버에 연결할 수 없습니다. 네트워크 연결을 확인해 주세요.',
    },
    response: {
      invalid: '서버 응답이 올바르지 않습니다. 페이지를 새로 고쳐 주세요.',
    },
    rate: {
      limited: '시도 횟수가 너무 많습니다. 잠시 후 다시 시도해 주세요.',
    },
    csrf: {
      invalid: '보안 토큰이 만료되었습니다. 페이지를 새로 고쳐 주세요.',
    },
    auth: {
      registration_closed: '회원가입이 닫혀 있습니다. 관리자에게 계정을 요청해 주세요.',
      session_revoked: '이 세션은 로그아웃되었습니다. 다시 로그인해 주세요.',
      required: '로그인해 주세요.',
    },
    session: {
      not_found: '이미 종료된 세션입니다.',
    },
    server: {
      internal: '서버에 문제가 발생했습니다. 다시 시도해 주세요.',
      unavailable: '서버를 일시적으로 사용할 수 없습니다. 잠시 후 다시 시도해 주세요.',
    },
  },
  en: {
    unknown: 'Something went wrong. Please try again.',
    network: {
      unreachable: 'The server cannot be reached. Check your connection.',
    },
    response: {
      invalid: 'The server sent an unexpected answer. Please reload the page.',
    },
    rate: {
      limited: 'Too many attempts. Please wait a moment and try again.',
    },
    csrf: {
      invalid: 'Your security token expired. Please reload the page.',
    },
    auth: {
      registration_closed: 'Sign-up is closed. Ask your administrator for an account.',
      session_revoked: 'This session was signed out. Please log in again.',
      required: 'Please log in.',
    },
    session: {
      not_found: 'That session has already ended.',
    },
    server: {
      internal: 'The server ran into a problem. Please try again.',
      unavailable: 'The server is temporarily unavailable. Please try again soon.',
    },
  },
});

/** Form field checks; the shared schemas name these keys as their messages (namespace `validation`). */
export const validationText = defineText({
  ko: {
    required: '필수 항목입니다.',
    username: '영문, 숫자, 밑줄(_)로 3–20자를 입력하세요.',
    nickname: '1–20자로 입력하세요.',
    password: '8자 이상 입력하세요.',
    confirmMismatch: '비밀번호가 일치하지 않습니다.',
    samePassword: '현재 비밀번호와 다른 비밀번호를 입력하세요.',
    status_message: '100자 이내로 입력하세요.',
    email: '올바른 이메일 주소를 입력하세요. 비워 두면 지워집니다.',
    twoFactorCode: '인증 앱의 6자리 코드 또는 복구 코드를 입력하세요.',
  },
  en: {
    required: 'This field is required.',
    username: 'Use 3–20 letters, digits or underscores.',
    nickname: 'Use 1–20 characters.',
    password: 'Use at least 8 characters.',
    confirmMismatch: 'The passwords do not match.',
    samePassword: 'Choose a password different from the current one.',
    status_message: 'Use up to 100 characters.',
    email: 'Enter a valid e-mail address, or leave it empty to remove it.',
    twoFactorCode: 'Enter the 6-digit code from your app, or a recovery code.',
  },
});
