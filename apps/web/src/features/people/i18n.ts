import { defineText } from '../../i18n/defineText.ts';

/**
 * People in the admin console (ACCT-7..9) and the screen of an account that must choose a new password
 * (namespace `people`).
 */
export const peopleText = defineText({
  ko: {
    create: '사용자 추가',
    createTitle: '새 사용자 추가',
    createHint:
      '비밀번호를 비워 두면 임시 비밀번호를 만들어 한 번만 보여 줍니다. 새 사용자는 처음 로그인할 때 자신의 비밀번호를 정합니다.',
    username: '아이디',
    nickname: '이름(닉네임)',
    nicknameHint: '선택 사항입니다. 비워 두면 아이디를 사용합니다.',
    password: '초기 비밀번호',
    passwordHint: '선택 사항입니다. 8자 이상',
    createSubmit: '추가',
    cancel: '취소',
    created: '{{name}} 님의 계정을 만들었습니다.',
    resetPassword: '비밀번호 초기화',
    resetPasswordLabel: '{{name}} 님의 비밀번호 초기화',
    resetTitle: '{{name}} 님의 비밀번호를 초기화할까요?',
    resetBody:
      '임시 비밀번호를 만들고 모든 기기에서 로그아웃시킵니다. {{name}} 님은 임시 비밀번호로 로그인한 뒤 새 비밀번호를 정해야 합니다.',
    temporaryTitle: '{{name}} 님의 임시 비밀번호',
    temporaryHint: '이 비밀번호는 지금 한 번만 보입니다. 안전한 방법으로 전달해 주세요.',
    temporaryLabel: '임시 비밀번호',
    copy: '복사',
    copied: '복사했습니다',
    done: '확인',
    delete: '삭제',
    deleteLabel: '{{name}} 님의 계정 삭제',
    deleteTitle: '{{name}} 님의 계정을 삭제할까요?',
    deleteBody:
      '되돌릴 수 없습니다. 모든 기기에서 로그아웃되고 모든 그룹에서 나가며, 보낸 메시지는 "(탈퇴한 사용자)"로 남습니다.',
    deleted: '{{name}} 님의 계정을 삭제했습니다.',
    mustChangeBadge: '비밀번호 변경 대기',
    forcedTitle: '새 비밀번호를 정해 주세요',
    forcedHint:
      '관리자가 정한 임시 비밀번호로 로그인했습니다. 계속하려면 본인만 아는 새 비밀번호를 정해 주세요.',
    forcedCurrent: '임시 비밀번호',
    forcedNext: '새 비밀번호',
    forcedConfirm: '새 비밀번호 확인',
    forcedSubmit: '비밀번호 정하고 계속',
    forcedLogout: '로그아웃',
  },
  en: {
    create: 'Add user',
    createTitle: 'Add a user',
    createHint:
      'Leave the password empty to have a temporary one made and shown once. The new user chooses their own password at their first sign-in.',
    username: 'Username',
    nickname: 'Name (nickname)',
    nicknameHint: 'Optional. The username is used when left empty.',
    password: 'First password',
    passwordHint: 'Optional. At least 8 characters',
    createSubmit: 'Add',
    cancel: 'Cancel',
    created: 'The account of {{name}} was created.',
    resetPassword: 'Reset password',
    resetPasswordLabel: 'Reset the password of {{name}}',
    resetTitle: 'Reset the password of {{name}}?',
    resetBody:
      'A temporary password is made and {{name}} is signed out on every device. They sign in with it and must then choose a new password.',
    temporaryTitle: 'Temporary password of {{name}}',
    temporaryHint: 'This password is shown only now. Hand it over in a safe way.',
    temporaryLabel: 'Temporary password',
    copy: 'Copy',
    copied: 'Copied',
    done: 'Done',
    delete: 'Delete',
    deleteLabel: 'Delete the account of {{name}}',
    deleteTitle: 'Delete the account of {{name}}?',
    deleteBody:
      'This cannot be undone. They are signed out everywhere and leave every group; their messages stay under "(deleted user)".',
    deleted: 'The account of {{name}} was deleted.',
    mustChangeBadge: 'Password change pending',
    forcedTitle: 'Choose a new password',
    forcedHint:
      'You signed in with a temporary password from your administrator. Choose a new password only you know to continue.',
    forcedCurrent: 'Temporary password',
    forcedNext: 'New password',
    forcedConfirm: 'Confirm new password',
    forcedSubmit: 'Set password and continue',
    forcedLogout: 'Log out',
  },
});
