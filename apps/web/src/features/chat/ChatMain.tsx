import { useTranslation } from 'react-i18next';
import { EmptyConversation } from '../shell/EmptyConversation.tsx';
import { ChatView } from './ChatView.tsx';
import { useNotifications } from './notify/useNotifications.ts';
import { useChatState, useChatStore } from './store/ChatContext.tsx';
import { usePresenceIdle } from './usePresenceIdle.ts';

const REMOVED_TEXT = {
  kicked: 'chat.removedKicked',
  left: 'chat.removedLeft',
  deleted: 'chat.removedDeleted',
} as const;

/** The main area: the open conversation, or the empty state (with a notice after being removed). */
export function ChatMain() {
  const { t } = useTranslation();
  const state = useChatState();
  const store = useChatStore();
  useNotifications();
  usePresenceIdle();
  const notice = state.removedNotice;
  return (
    <>
      {notice ? (
        <div className="alert alert--info chat-notice" role="status" data-testid="removed-notice">
          <span className="alert__body">{t(REMOVED_TEXT[notice.reason], { name: notice.roomName })}</span>
          <button
            type="button"
            className="link-button"
            onClick={() => store.dispatch({ type: 'dismissNotice' })}
          >
            {t('notices.dismiss')}
          </button>
        </div>
      ) : null}
      {state.activeRoomId ? (
        <ChatView key={state.activeRoomId} roomId={state.activeRoomId} />
      ) : (
        <EmptyConversation />
      )}
    </>
  );
}
