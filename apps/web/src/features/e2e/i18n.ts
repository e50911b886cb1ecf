import type { E2eFailureCode } from '@messenger/e2e-crypto';
import { defineText } from '../../i18n/defineText.ts';

/** A failure code of the crypto core without its `e2e.` prefix (i18next reads dots as nesting). */
export type FailureKey = E2eFailureCode extends `e2e.${infer K}` ? K : never;

/**
 * The classified words of every decrypt failure (design e2e.md 5.4), localized from the crypto core's
 * FAILURE_WORDS; `satisfies` makes a code without words (or words without a code) a type error.
 */
const failureEn = {
  malformed: 'This message is damaged and cannot be shown.',
  unknown_sender: 'This message comes from a device we cannot verify.',
  bad_signature: 'This message was altered, or was not sent by who it claims. It is not shown.',
  context_mismatch: 'This message belongs to another conversation or key period and was not shown.',
  epoch_mismatch:
    'This arrived for another state of the conversation than the current one and was not applied.',
  missing_epoch_key:
    'This message was sent before this device joined, or while you were not a member. Restore from your recovery key to read it.',
  undecryptable:
    'This message could not be decrypted with the key of its period: it was altered or badly made.',
  file_corrupt: 'This file was altered, cut short or reordered, and was not opened.',
  credential_rejected: 'A device in this conversation could not be verified, so the change was refused.',
  identity_changed: "This person's security identity changed. Verify it before trusting new devices.",
  key_package_unknown: 'This device was invited with a key it does not hold. Waiting for a member to add it.',
  key_package_expired:
    "A device's invitation key had expired, so it was not added. It will be added when it comes online.",
  not_a_member: 'This device is not a member of this conversation (yet).',
  recovery_key_invalid:
    'This is not a recovery key: a character is missing, extra or mistyped. Check it against your copy.',
  recovery_key_wrong:
    'This recovery key does not open your key backup. It may be an older key that was replaced.',
  backup_entry_rejected:
    'A key from the backup did not check out for this conversation and period, so it was not used.',
  link_qr_invalid: 'This is not a device-link code of this messenger. Scan the code the new device shows.',
  link_wrong_user: 'This code is for another account. Sign in to the same account on both devices.',
  link_failed:
    'The keys from the other device did not check out (the codes differed, or something changed them on the way). Nothing was used; start again.',
  link_wrong_identity:
    "The other device holds a security identity that is no longer this account's. Link from a device set up after the last reset.",
} as const satisfies Record<FailureKey, string>;

const failureKo = {
  malformed: '손상된 메시지라서 표시할 수 없습니다.',
  unknown_sender: '확인할 수 없는 기기에서 보낸 메시지입니다.',
  bad_signature: '변조되었거나 보낸 사람이 주장과 다른 메시지라서 표시하지 않습니다.',
  context_mismatch: '다른 대화나 다른 키 기간의 메시지라서 표시하지 않았습니다.',
  epoch_mismatch: '대화의 현재 상태와 다른 상태에 보낸 것이라 적용하지 않았습니다.',
  missing_epoch_key:
    '이 기기가 참여하기 전에, 또는 내가 멤버가 아니었을 때 보낸 메시지입니다. 복구 키로 복원하면 읽을 수 있습니다.',
  undecryptable: '해당 기간의 키로 복호화할 수 없는 메시지입니다. 변조되었거나 잘못 만들어졌습니다.',
  file_corrupt: '변조되었거나 잘렸거나 순서가 바뀐 파일이라서 열지 않았습니다.',
  credential_rejected: '이 대화의 한 기기를 확인할 수 없어 변경을 거부했습니다.',
  identity_changed: '이 사람의 보안 신원이 바뀌었습니다. 새 기기를 믿기 전에 확인하세요.',
  key_package_unknown:
    '이 기기가 갖고 있지 않은 키로 초대되었습니다. 멤버가 이 기기를 추가하기를 기다립니다.',
  key_package_expired: '한 기기의 초대 키가 만료되어 추가되지 않았습니다. 그 기기가 접속하면 추가됩니다.',
  not_a_member: '이 기기는 (아직) 이 대화의 멤버가 아닙니다.',
  recovery_key_invalid:
    '복구 키가 아닙니다. 글자가 빠졌거나 더 있거나 잘못 입력되었습니다. 적어 둔 키와 비교해 보세요.',
  recovery_key_wrong: '이 복구 키로는 키 백업을 열 수 없습니다. 새 키로 바꾸기 전의 키일 수 있습니다.',
  backup_entry_rejected: '백업의 키 하나가 이 대화와 기간에 맞지 않아 쓰지 않았습니다.',
  link_qr_invalid: '이 메신저의 기기 연결 코드가 아닙니다. 새 기기에 표시된 코드를 스캔하세요.',
  link_wrong_user: '다른 계정의 코드입니다. 두 기기에서 같은 계정으로 로그인하세요.',
  link_failed:
    '다른 기기에서 받은 키를 확인할 수 없습니다(코드가 달랐거나 전달 중에 바뀌었습니다). 아무것도 쓰지 않았으니 다시 시작하세요.',
  link_wrong_identity:
    '다른 기기의 보안 신원이 더 이상 이 계정의 것이 아닙니다. 마지막 재설정 이후에 설정한 기기에서 연결하세요.',
} satisfies Record<FailureKey, string>;

/** End-to-end encrypted rooms in the web client (namespace `e2e`). */
export const e2eText = defineText({
  ko: {
    badge: '종단간 암호화',
    badgeTitle: '종단간 암호화된 대화방: 멤버의 기기만 메시지를 읽을 수 있습니다.',
    preview: '암호화된 메시지',
    notification: '새 메시지',
    decrypting: '복호화하는 중…',
    unreadable: '이 메시지를 복호화할 수 없습니다. ({{code}})',
    actionFailed: '암호화 대화방에서 이 작업을 하지 못했습니다. ({{code}})',
    syncing: '이 대화방의 암호화를 준비하는 중…',
    waiting: '멤버의 기기가 이 기기를 추가하기를 기다리는 중입니다.',
    elsewhere: '이 암호화 대화는 다른 탭에서 열려 있습니다.',
    useHere: '여기서 사용',
    resetNeeded:
      '이 계정의 암호화 키가 이 브라우저에 없습니다(로그아웃할 때 지워졌거나 다른 곳에서 만들었습니다). 여기서 새로 설정하면 이전 암호화 메시지는 이 브라우저에서 읽을 수 없고, 멤버들에게 보안 신원이 바뀌었다고 표시됩니다.',
    resetHere: '여기서 새로 설정',
    identityChanged:
      '{{name}} 님의 보안 신원이 바뀌었습니다(새 브라우저이거나 키를 다시 만들었습니다). 수락하기 전까지 이 대화방은 기다립니다.',
    acceptIdentity: '수락',
    identityChangedWasVerified:
      '{{name}} 님의 보안 신원이 바뀌었습니다. 확인했던 신원과 다릅니다. 수락하기 전에 다시 확인하세요. 수락하기 전까지 이 대화방은 기다립니다.',
    verifySecurity: '보안 확인',
    verifyTitle: '{{name}} 님과 보안 확인',
    verifyExplain:
      '{{name}} 님의 화면에도 같은 숫자가 보이는지 직접 만나거나 믿을 수 있는 다른 경로로 비교하세요. 같다면 서버가 중간에서 키를 바꾸지 않았다는 뜻입니다.',
    safetyNumber: '안전 번호',
    safetyQr: '{{name}} 님과의 안전 번호 QR 코드',
    markVerified: '확인됨으로 표시',
    scanTheirCode: '상대 QR 코드 스캔',
    stopScan: '스캔 멈추기',
    scanTheirHint:
      '{{name}} 님 화면의 안전 번호 QR 코드를 카메라에 비추세요. 일치하면 확인됨으로 표시됩니다.',
    scanNoCamera: '카메라를 쓸 수 없습니다. 안전 번호를 눈으로 비교해 주세요.',
    scanMismatch:
      '이 QR 코드는 일치하지 않습니다. {{name}} 님과 서로 다른 키를 보고 있습니다. 확인됨으로 표시하지 말고 관리자에게 알리세요.',
    scanNotOurs: '안전 번호 QR 코드가 아닙니다. 보안 확인 창의 QR 코드를 비추세요.',
    verifiedNote: '{{name}} 님을 확인했습니다.',
    verified: '확인된 사람',
    verifyChanged: '{{name}} 님의 보안 신원이 바뀌었습니다. 먼저 변경을 수락한 뒤 새 번호를 비교하세요.',
    claiming: '다른 탭이 닫히기를 기다리는 중…',
    unsupported: '이 브라우저에서는 종단간 암호화 대화방을 열 수 없습니다.',
    starting: '이 기기의 암호화를 시작하는 중…',
    failedToStart: '이 기기에서 종단간 암호화를 시작하지 못했습니다. ({{code}})',
    composerNote: '종단간 암호화 대화방에서는 아직 투표와 공지를 쓸 수 없습니다.',
    filesRefused: '이 기기에서 암호화가 준비된 뒤에 파일을 보낼 수 있습니다.',
    filesNotScanned: '이 대화방의 파일은 내 기기에서 암호화되므로 서버가 바이러스 검사를 하지 않습니다.',
    file: {
      decrypting: '파일을 복호화하는 중…',
      download: '{{name}} 내려받기',
      view: '{{name}} 크게 보기',
      close: '닫기',
    },
    isE2e: '종단간 암호화: 멤버의 기기만 메시지를 읽을 수 있고, 서버는 내용을 보거나 검색할 수 없습니다.',
    notE2e: '전송 중과 서버 저장 시 암호화되지만, 종단간 암호화는 아닙니다.',
    searchNote: '종단간 암호화 대화방은 서버에서 검색하지 않습니다.',
    searchNoteDevice: '종단간 암호화 대화방은 이 기기에서, 이 기기가 열어 본 메시지 안에서 검색합니다.',
    searchHitDevice: '암호화 대화방 · 이 기기에서 찾음',
    switchGroup: '종단간 암호화',
    switchDirect: '암호화 대화',
    explain:
      '멤버의 기기만 메시지를 읽을 수 있습니다. 서버 검색이 되지 않고, 투표·공지는 아직 쓸 수 없고, 파일은 서버가 바이러스 검사를 하지 않으며, 나중에 끌 수 없습니다. 최대 {{max}}명까지 참여할 수 있습니다.',
    tooManyMembers: '종단간 암호화 대화방에는 최대 {{max}}명까지 참여할 수 있습니다.',
    failure: failureKo,
    device: {
      elsewhere: '이 기기는 다른 탭에서 사용 중입니다. 그 탭에서 보거나 여기서 사용을 누르세요.',
      unsupported: '이 브라우저에서는 종단간 암호화 메시지를 열 수 없습니다.',
      waiting: '멤버의 기기가 이 기기를 추가하기를 기다리는 중입니다.',
      stopped: '이 기기의 암호화가 멈췄습니다. 페이지를 새로 고치세요.',
      internal: '이 기기에서 메시지를 복호화하지 못했습니다.',
      unknown_identity: '이 사람의 보안 신원을 아직 모릅니다. 함께 있는 암호화 대화방을 먼저 여세요.',
    },
  },
  en: {
    badge: 'End-to-end encrypted',
    badgeTitle: "End-to-end encrypted room: only the members' devices can read its messages.",
    preview: 'Encrypted message',
    notification: 'New message',
    decrypting: 'Decrypting…',
    unreadable: 'This message could not be decrypted ({{code}}).',
    actionFailed: 'This could not be done in the encrypted room ({{code}}).',
    syncing: 'Setting up encryption for this room…',
    waiting: "Waiting for a member's device to add this device",
    elsewhere: 'This encrypted conversation is open in another tab.',
    useHere: 'Use here',
    resetNeeded:
      "This account's encryption key is not in this browser (it was wiped at logout, or made elsewhere). Setting up here makes a new one: earlier encrypted messages stay unreadable in this browser, and members are told your security identity changed.",
    resetHere: 'Set up here',
    identityChanged:
      "{{name}}'s security identity changed (a new browser, or their key was made again). This room waits until you accept it.",
    acceptIdentity: 'Accept',
    identityChangedWasVerified:
      "{{name}}'s security identity changed: it is not the one you verified. Verify again before you accept. This room waits until you accept it.",
    verifySecurity: 'Verify security',
    verifyTitle: 'Verify security with {{name}}',
    verifyExplain:
      "Compare these numbers with the ones on {{name}}'s screen, in person or over another channel you trust. If they match, the server did not swap your keys.",
    safetyNumber: 'Safety number',
    safetyQr: 'QR code of the safety number with {{name}}',
    markVerified: 'Mark as verified',
    scanTheirCode: 'Scan their code',
    stopScan: 'Stop scanning',
    scanTheirHint:
      "Point the camera at the safety number QR code on {{name}}'s screen. A match marks them verified.",
    scanNoCamera: 'The camera cannot be used. Compare the safety numbers by eye instead.',
    scanMismatch:
      'This QR code does not match: you and {{name}} see different keys. Do not mark them verified; tell your administrator.',
    scanNotOurs:
      'This is not a safety number QR code. Point the camera at the one in the Verify security window.',
    verifiedNote: 'You verified {{name}}.',
    verified: 'Verified',
    verifyChanged:
      "{{name}}'s security identity changed. Accept the change first, then compare the new number.",
    claiming: 'Waiting for the other tab to let go…',
    unsupported: 'This browser cannot open end-to-end encrypted rooms.',
    starting: 'Starting encryption on this device…',
    failedToStart: 'End-to-end encryption could not start on this device ({{code}}).',
    composerNote: 'End-to-end encrypted: polls and notices are not available in this room yet.',
    filesRefused: 'Files can be sent once encryption is ready on this device.',
    filesNotScanned:
      'Files in this room are encrypted on your device, so the server does not scan them for viruses.',
    file: {
      decrypting: 'Decrypting the file…',
      download: 'Download {{name}}',
      view: 'View {{name}}',
      close: 'Close',
    },
    isE2e:
      "End-to-end encrypted: only the members' devices can read the messages; the server can neither read nor search them.",
    notE2e: 'Encrypted in transit and at rest on the server, not end-to-end.',
    searchNote: 'End-to-end encrypted rooms are not searched on the server.',
    searchNoteDevice:
      'End-to-end encrypted rooms are searched on this device, in the messages it has opened.',
    searchHitDevice: 'Encrypted room · found on this device',
    switchGroup: 'End-to-end encrypted',
    switchDirect: 'Encrypted chat',
    explain:
      "Only the members' devices can read the messages. No server search; polls and notices are not available yet; files are not virus-scanned by the server; it cannot be turned off later; up to {{max}} members.",
    tooManyMembers: 'An end-to-end encrypted room can have up to {{max}} members.',
    failure: failureEn,
    device: {
      elsewhere: 'This device is in use in another tab. Read it there, or choose Use here.',
      unsupported: 'This browser cannot open end-to-end encrypted messages.',
      waiting: "Waiting for a member's device to add this device",
      stopped: 'Encryption stopped on this device. Reload the page.',
      internal: 'This device could not decrypt the message.',
      unknown_identity:
        "This person's security identity is not known here yet. Open an encrypted room you share first.",
    },
  },
});
