import { defineText } from '../../../i18n/defineText.ts';

/** The members panel: invite, roles, leave (part of namespace `chat`). */
export const membersText = defineText({
  ko: {
    roomInfo: '대화방 정보',
    invite: '초대',
    inviteCount_one: '{{count}}명 초대',
    inviteCount_other: '{{count}}명 초대',
    kick: '내보내기',
    promote: '관리자 지정',
    demote: '관리자 해제',
    transfer: '방장 위임',
    transferTitle: '{{name}} 님에게 방장을 넘길까요?',
    transferBody:
      '나는 관리자가 됩니다. 다시 방장이 되려면 새 방장이 넘겨 주어야 하며, 방장은 누구도 내보낼 수 없습니다.',
    transferConfirm: '방장 넘기기',
    memberActions: '{{name}} 님 관리',
    leaveTitle: '대화방을 나갈까요?',
    leaveBody: '이 대화방의 메시지를 더 이상 받지 않습니다. 다시 들어오려면 초대를 받아야 합니다.',
    kickTitle: '{{name}} 님을 내보낼까요?',
    kickBody: '내보낸 사람은 이 대화방의 새 메시지를 볼 수 없습니다.',
    leaveRoom: '대화방 나가기',
    role: {
      owner: '방장',
      admin: '관리자',
      member: '멤버',
    },
  },
  en: {
    roomInfo: 'Room info',
    invite: 'Invite',
    inviteCount_one: 'Invite {{count}} person',
    inviteCount_other: 'Invite {{count}} people',
    kick: 'Remove',
    promote: 'Make admin',
    demote: 'Remove admin',
    transfer: 'Make owner',
    transferTitle: 'Make {{name}} the owner?',
    transferBody:
      'You will become an admin. Only the new owner can make you the owner again, and nobody can remove them.',
    transferConfirm: 'Transfer ownership',
    memberActions: 'Actions for {{name}}',
    leaveTitle: 'Leave this room?',
    leaveBody: 'You will stop receiving its messages. Someone must invite you to come back.',
    kickTitle: 'Remove {{name}}?',
    kickBody: 'They will no longer see new messages in this room.',
    leaveRoom: 'Leave room',
    role: {
      owner: 'Owner',
      admin: 'Admin',
      member: 'Member',
    },
  },
});
