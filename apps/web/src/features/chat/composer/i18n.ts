import { defineText } from '../../../i18n/defineText.ts';

/** The composer (part of namespace `chat`). */
export const composerText = defineText({
  ko: {
    onlyAdminsPost: '이 대화방에서는 관리자만 글을 쓸 수 있습니다.',
    roomArchived: '보관된 대화방입니다. 대화는 읽을 수 있지만 글을 쓸 수 없습니다.',
    peerDeletedNoReply: '상대방이 탈퇴했습니다. 대화는 읽을 수 있지만 답장할 수 없습니다.',
    composerLabel: '메시지',
    composerPlaceholder: '메시지 입력 (Enter 전송, Shift+Enter 줄바꿈)',
    send: '전송',
    tooLong: '{{length}} / {{limit}}자: 메시지를 줄여야 보낼 수 있습니다.',
    replyingTo: '{{name}} 님에게 답장',
    cancelReply: '답장 취소',
    mentionSuggestions: '멘션할 사람',
    mentionAll: '대화방 전체',
  },
  en: {
    onlyAdminsPost: 'Only admins can post in this room.',
    roomArchived: 'This room is archived. You can read the conversation but not write in it.',
    peerDeletedNoReply: 'This person has deleted their account. You can read the conversation but not reply.',
    composerLabel: 'Message',
    composerPlaceholder: 'Write a message (Enter to send, Shift+Enter for a new line)',
    send: 'Send',
    tooLong: '{{length}} / {{limit}} characters: shorten the message to send it.',
    replyingTo: 'Replying to {{name}}',
    cancelReply: 'Cancel reply',
    mentionSuggestions: 'People to mention',
    mentionAll: 'Everyone in this room',
  },
});
