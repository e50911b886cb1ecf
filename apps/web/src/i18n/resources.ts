import { composerText } from '../features/chat/composer/i18n.ts';
import { filesText } from '../features/chat/files/i18n.ts';
import { headerText } from '../features/chat/header/i18n.ts';
import { chatText } from '../features/chat/i18n.ts';
import { membersText } from '../features/chat/members/i18n.ts';
import { pinsText } from '../features/chat/notices/i18n.ts';
import { notifyText } from '../features/chat/notify/i18n.ts';
import { pollsText } from '../features/chat/polls/i18n.ts';
import { roomsText } from '../features/chat/rooms/i18n.ts';
import { roomSettingsText } from '../features/chat/settings/i18n.ts';
import { timelineText } from '../features/chat/timeline/i18n.ts';
import { authText } from '../features/auth/i18n.ts';
import { profileText } from '../features/profile/i18n.ts';
import { searchText } from '../features/search/i18n.ts';
import { e2eText } from '../features/e2e/i18n.ts';
import { e2eRecoveryText } from '../features/e2e/recovery/i18n.ts';
import { e2eLinkText } from '../features/e2e/link/i18n.ts';
import { e2eDefaultText } from '../features/e2e/defaults/i18n.ts';
import { settingsText } from '../features/settings/i18n.ts';
import { adminAuditText } from '../features/settings/auditI18n.ts';
import { adminRoomsText } from '../features/adminRooms/i18n.ts';
import { peopleText } from '../features/people/i18n.ts';
import { serverSettingsText } from '../features/settings/serverSettingsI18n.ts';
import { adminExportsText } from '../features/settings/exportsI18n.ts';
import { liveStatusText } from '../features/settings/liveStatusI18n.ts';
import { shellText } from '../features/shell/i18n.ts';
import { installText } from '../features/install/i18n.ts';
import { twoFactorText } from '../features/twoFactor/i18n.ts';
import { appText, languageText, noticesText, timeText } from './app.ts';
import type { Widen } from './defineText.ts';
import { errorsText, validationText } from './errors.ts';

/** The parts of the `chat` namespace, one per part of the conversation view (their keys must not overlap). */
export const chatParts = [
  chatText,
  roomsText,
  timelineText,
  composerText,
  headerText,
  notifyText,
  membersText,
] as const;

/** English UI strings, assembled from the features; the source of the typed keys. */
export const en = {
  app: appText.en,
  install: installText.en,
  auth: authText.en,
  twoFactor: twoFactorText.en,
  notices: noticesText.en,
  shell: shellText.en,
  profile: profileText.en,
  settings: settingsText.en,
  adminAudit: adminAuditText.en,
  adminRooms: adminRoomsText.en,
  people: peopleText.en,
  serverSettings: serverSettingsText.en,
  adminExports: adminExportsText.en,
  liveStatus: liveStatusText.en,
  validation: validationText.en,
  errors: errorsText.en,
  chat: {
    ...chatText.en,
    ...roomsText.en,
    ...timelineText.en,
    ...composerText.en,
    ...headerText.en,
    ...notifyText.en,
    ...membersText.en,
  },
  roomSettings: roomSettingsText.en,
  search: searchText.en,
  e2e: e2eText.en,
  e2eRecovery: e2eRecoveryText.en,
  e2eLink: e2eLinkText.en,
  e2eDefault: e2eDefaultText.en,
  files: filesText.en,
  polls: pollsText.en,
  pins: pinsText.en,
  time: timeText.en,
  language: languageText.en,
};

/** The shape every language must have: the same nested keys, any strings. */
export type Messages = Widen<typeof en>;

/** Korean UI strings, assembled the same way (the type enforces the same keys). */
export const ko: Messages = {
  app: appText.ko,
  install: installText.ko,
  auth: authText.ko,
  twoFactor: twoFactorText.ko,
  notices: noticesText.ko,
  shell: shellText.ko,
  profile: profileText.ko,
  settings: settingsText.ko,
  adminAudit: adminAuditText.ko,
  adminRooms: adminRoomsText.ko,
  people: peopleText.ko,
  serverSettings: serverSettingsText.ko,
  adminExports: adminExportsText.ko,
  liveStatus: liveStatusText.ko,
  validation: validationText.ko,
  errors: errorsText.ko,
  chat: {
    ...chatText.ko,
    ...roomsText.ko,
    ...timelineText.ko,
    ...composerText.ko,
    ...headerText.ko,
    ...notifyText.ko,
    ...membersText.ko,
  },
  roomSettings: roomSettingsText.ko,
  search: searchText.ko,
  e2e: e2eText.ko,
  e2eRecovery: e2eRecoveryText.ko,
  e2eLink: e2eLinkText.ko,
  e2eDefault: e2eDefaultText.ko,
  files: filesText.ko,
  polls: pollsText.ko,
  pins: pinsText.ko,
  time: timeText.ko,
  language: languageText.ko,
};
