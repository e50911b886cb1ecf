import { defineText } from '../../i18n/defineText.ts';

/** The profile dialog (namespace `profile`). */
export const profileText = defineText({
  ko: {
    title: '프로필',
    nicknameHint: '아이디 대신 모두에게 보이는 이름입니다. 1–20자.',
    choosePhoto: '사진 선택…',
    changePhoto: '사진 변경…',
    removePhoto: '사진 삭제',
    photoHint: 'PNG, JPEG, GIF, WebP 5MB 이하. 정사각형으로 잘립니다.',
    photoPending: '새 사진입니다. 정사각형으로 잘려 보이며, 저장하면 올라갑니다.',
    photoRemovePending: '저장하면 사진이 삭제됩니다.',
    photoAlt: '내 프로필 사진',
    photoNewAlt: '새 프로필 사진 미리 보기',
    imageType: 'PNG, JPEG, GIF, WebP 이미지만 사용할 수 있습니다.',
    imageTooLarge: '이미지가 5MB보다 큽니다.',
    saving: '저장 중…',
  },
  en: {
    title: 'Profile',
    nicknameHint: 'Shown to everyone instead of your username. 1–20 characters.',
    choosePhoto: 'Choose photo…',
    changePhoto: 'Change photo…',
    removePhoto: 'Remove photo',
    photoHint: 'PNG, JPEG, GIF or WebP up to 5 MB. It is cropped to a square.',
    photoPending: 'New photo, shown cropped to a square. It is uploaded when you save.',
    photoRemovePending: 'The photo is removed when you save.',
    photoAlt: 'Your profile photo',
    photoNewAlt: 'Preview of the new profile photo',
    imageType: 'Only PNG, JPEG, GIF or WebP images can be used.',
    imageTooLarge: 'The image is larger than 5 MB.',
    saving: 'Saving…',
  },
});
