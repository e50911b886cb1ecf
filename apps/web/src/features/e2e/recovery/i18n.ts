import { defineText } from '../../../i18n/defineText.ts';

/** Recovery of end-to-end encryption: the Settings section and the "Enter recovery key" dialog (namespace `e2eRecovery`). */
export const e2eRecoveryText = defineText({
  ko: {
    tab: '암호화',
    title: '복구 키',
    hint: '복구 키가 있으면 로그아웃으로 이 브라우저의 키가 지워져도 같은 보안 신원으로 돌아와 이전 암호화 메시지를 다시 읽을 수 있습니다.',
    statusOn: '복구 키가 설정되어 있고, 이 브라우저가 암호화 키를 백업하고 있습니다.',
    statusOff: '복구 키가 아직 없습니다. 없으면 로그아웃한 뒤 이전 암호화 메시지를 읽을 수 없습니다.',
    statusElsewhere:
      '복구 키가 설정되어 있지만 이 브라우저는 키를 백업하지 않습니다. 여기서 새 복구 키를 만들면 백업이 시작되고, 이전 키는 더 이상 쓸 수 없습니다.',
    notReady:
      '이 브라우저에서 암호화가 시작되지 않았습니다. 암호화 대화방을 열어 복구 키를 입력하거나 새로 설정하세요.',
    loading: '복구 상태를 확인하는 중…',
    setUp: '복구 키 설정',
    replace: '새 복구 키 만들기',
    working: '만드는 중…',
    keyTitle: '내 복구 키',
    keyWarning:
      '지금 종이에 적거나 비밀번호 관리자에 보관하세요. 이번 한 번만 보여 주며, 관리자를 포함해 누구도 대신 찾아 줄 수 없습니다. 이 키를 가진 사람은 내 암호화 메시지를 읽을 수 있습니다.',
    keyLabel: '복구 키',
    copy: '복사',
    copied: '복사했습니다',
    saved: '적어 두었습니다',
    confirmTitle: '적어 둔 키 확인',
    confirmHint: '적어 둔 키의 {{a}}번째와 {{b}}번째 묶음을 입력하세요.',
    groupLabel: '{{n}}번째 묶음',
    groupWrong: '{{n}}번째 묶음과 다릅니다.',
    showAgain: '키 다시 보기',
    finish: '완료',
    done: '복구 키를 설정했습니다.',
    enter: '복구 키 입력',
    enterTitle: '복구 키 입력',
    enterHint:
      '복구를 설정할 때 적어 둔 키를 입력하세요. 띄어쓰기와 대소문자는 상관없습니다. 같은 보안 신원으로 이 브라우저를 추가하므로 멤버에게 신원 변경이 표시되지 않습니다.',
    enterSubmit: '복구',
    restoring: '복구하는 중…',
    cancel: '취소',
    close: '닫기',
    resetNeeded:
      '이 계정의 암호화 키가 이 브라우저에 없습니다(로그아웃할 때 지워졌습니다). 복구 키를 입력하면 이전 메시지까지 다시 읽을 수 있습니다.',
    resetWarning:
      '복구 키를 잃어버렸다면 여기서 새로 설정할 수 있지만, 이전 암호화 메시지는 읽을 수 없게 되고 멤버들에게 보안 신원이 바뀌었다고 표시됩니다.',
  },
  en: {
    tab: 'Encryption',
    title: 'Recovery key',
    hint: "With a recovery key, when this browser's keys are wiped (at logout) you come back with the same security identity and read your earlier encrypted messages again.",
    statusOn: 'A recovery key is set up, and this browser backs up its encryption keys.',
    statusOff:
      'No recovery key yet. Without one, earlier encrypted messages are lost to you after you log out.',
    statusElsewhere:
      'A recovery key is set up, but this browser does not back up its keys. Making a new recovery key here starts the backup; the old key then stops working.',
    notReady:
      'Encryption has not started in this browser. Open an encrypted room to enter your recovery key or set it up.',
    loading: 'Checking recovery…',
    setUp: 'Set up recovery key',
    replace: 'Make a new recovery key',
    working: 'Making it…',
    keyTitle: 'Your recovery key',
    keyWarning:
      'Write it down or keep it in a password manager now. It is shown only this once, and nobody, not even an administrator, can find it for you. Anyone who has it can read your encrypted messages.',
    keyLabel: 'Recovery key',
    copy: 'Copy',
    copied: 'Copied',
    saved: 'I have saved it',
    confirmTitle: 'Check your copy',
    confirmHint: 'Type groups {{a}} and {{b}} of the key you saved.',
    groupLabel: 'Group {{n}}',
    groupWrong: 'This is not group {{n}}.',
    showAgain: 'Show the key again',
    finish: 'Finish',
    done: 'Your recovery key is set up.',
    enter: 'Enter recovery key',
    enterTitle: 'Enter your recovery key',
    enterHint:
      'Type the key you saved when you set up recovery; spaces and case do not matter. This browser is added with your same security identity, so members are not told it changed.',
    enterSubmit: 'Recover',
    restoring: 'Recovering…',
    cancel: 'Cancel',
    close: 'Close',
    resetNeeded:
      "This account's encryption key is not in this browser (it was wiped at logout). Enter your recovery key to read your earlier messages here again.",
    resetWarning:
      'If you lost your recovery key, you can set up here instead: earlier encrypted messages become unreadable, and members are told your security identity changed.',
  },
});
