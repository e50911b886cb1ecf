import { defineText } from '../../../i18n/defineText.ts';

/** Adding a device from another device (namespace `e2eLink`, SPEC E2E-100..E2E-108). */
export const e2eLinkText = defineText({
  ko: {
    linkFromOther: '다른 기기에서 연결',
    newTitle: '다른 기기에서 이 기기 연결',
    newHint:
      '이미 로그인한 다른 기기(휴대폰이나 다른 브라우저)에서 이 QR 코드를 스캔하세요. 카메라가 없으면 두 화면의 숫자 8자리가 같은지 다른 기기에서 확인하세요.',
    qrLabel: '기기 연결 QR 코드',
    starting: '연결을 준비하는 중…',
    waiting: '다른 기기의 응답을 기다리는 중…',
    codeLabel: '확인 코드',
    codeHint: '다른 기기에 같은 숫자가 보이면 그 기기에서 확인을 누르세요.',
    linking: '키를 받아 이 기기를 설정하는 중…',
    refused: '다른 기기에서 연결을 거절했습니다.',
    again: '다시 시작',
    close: '닫기',
    requestTitle: '새 기기 로그인 요청',
    requestText: '새 기기가 내 암호화에 로그인하려고 합니다. 내가 로그인한 기기가 아니면 거절하세요.',
    requestCodeHint:
      '새 기기에 보이는 숫자 8자리와 같을 때만 확인을 누르세요. 다르면 누군가 중간에서 키를 바꾼 것이니 거절하세요.',
    requestWaiting: '새 기기의 확인 코드를 기다리는 중…',
    confirm: '확인: 숫자가 같습니다',
    refuse: '거절',
    scan: 'QR 코드 스캔',
    stopScan: '스캔 중지',
    scanHint: '새 기기 화면의 QR 코드를 카메라에 비추세요.',
    scanning: '카메라로 찾는 중…',
    noCamera: '카메라를 쓸 수 없습니다. 숫자 8자리를 비교해 주세요.',
    sent: '새 기기에 키를 보냈습니다. 새 기기에서 대화를 읽을 수 있습니다.',
    handledElsewhere: '이 요청은 다른 기기에서 이미 처리했거나 만료되었습니다.',
    linkNew: '새 기기 연결',
    linkNewHint:
      '새 브라우저나 로그아웃한 브라우저에서 "다른 기기에서 연결"을 누른 뒤, 여기서 그 화면의 QR 코드를 스캔하세요.',
    noRequest: '지금 연결을 기다리는 새 기기가 없습니다.',
  },
  en: {
    linkFromOther: 'Link from another device',
    newTitle: 'Link this device from another one',
    newHint:
      'Scan this QR code with a device where you are already signed in (a phone or another browser). Without a camera, check on the other device that both screens show the same 8 digits.',
    qrLabel: 'Device link QR code',
    starting: 'Preparing the link…',
    waiting: 'Waiting for your other device…',
    codeLabel: 'Check code',
    codeHint: 'If your other device shows the same digits, press Confirm there.',
    linking: 'Receiving the keys and setting up this device…',
    refused: 'Your other device refused the link.',
    again: 'Start again',
    close: 'Close',
    requestTitle: 'New device sign-in',
    requestText:
      'A new device wants to sign in to your encryption. If you did not sign in on another device, refuse.',
    requestCodeHint:
      'Confirm only if the new device shows the same 8 digits. If they differ, someone changed the keys on the way: refuse.',
    requestWaiting: "Waiting for the new device's check code…",
    confirm: 'Confirm: the digits match',
    refuse: 'Refuse',
    scan: 'Scan QR code',
    stopScan: 'Stop scanning',
    scanHint: "Point the camera at the QR code on the new device's screen.",
    scanning: 'Looking with the camera…',
    noCamera: 'The camera cannot be used. Compare the 8 digits instead.',
    sent: 'The keys were sent to the new device. It can read your conversations now.',
    handledElsewhere: 'This request was already answered on another device, or it expired.',
    linkNew: 'Link a new device',
    linkNewHint:
      'On the new browser (or one you signed out of), choose "Link from another device", then scan its QR code here.',
    noRequest: 'No new device is waiting to be linked right now.',
  },
});
