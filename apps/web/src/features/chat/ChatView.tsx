import type { Message } from '@messenger/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Composer } from './composer/Composer.tsx';
import { ChatHeader } from './header/ChatHeader.tsx';
import { MembersPanel } from './members/MembersPanel.tsx';
import { useChatState, useChatStore } from './store/ChatContext.tsx';
import { DeleteDialog } from './timeline/DeleteDialog.tsx';
import { MessageList } from './timeline/MessageList.tsx';
import { ReadersDialog } from './timeline/ReadersDialog.tsx';
import { useMessageActions } from './timeline/useMessageActions.ts';
import { useTimeline } from './timeline/useTimeline.ts';
import { TypingIndicator } from './TypingIndicator.tsx';

/** The open conversation: header, timeline, typing line and composer, with the members panel beside. */
export function ChatView({ roomId }: { roomId: string }) {
  const { t } = useTranslation();
  const state = useChatState();
  const store = useChatStore();
  const room = state.rooms.find((r) => r.id === roomId);
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [membersOpen, setMembersOpen] = useState(false);
  const model = useTimeline(roomId);
  const actions = useMessageActions(setReplyTo);
  if (!room) return null;
  const peer = room.peer ? state.presence[room.peer.id] : undefined;
  const nameOf = (id: string) => state.users[id]?.nickname ?? t('chat.someone');
  return (
    <div className="chat" data-testid="chat-view" data-room-id={roomId}>
      <section className="chat__main" aria-label={t('chat.conversation')}>
        <ChatHeader
          room={room}
          peerPresence={peer}
          membersOpen={membersOpen}
          onBack={() => store.open(null)}
          onToggleMembers={() => setMembersOpen((o) => !o)}
        />
        {actions.error ? (
          <div className="chat__error alert alert--error" role="alert">
            <span className="alert__body">{actions.error}</span>
            <button type="button" className="link-button" onClick={() => actions.setError(null)}>
              {t('notices.dismiss')}
            </button>
          </div>
        ) : null}
        <MessageList model={model} actions={actions} />
        <TypingIndicator typing={state.typing[roomId]} nameOf={nameOf} />
        <Composer roomId={roomId} replyTo={replyTo} onCancelReply={() => setReplyTo(null)} />
      </section>
      {membersOpen ? <MembersPanel room={room} onClose={() => setMembersOpen(false)} /> : null}
      {actions.deleting ? (
        <DeleteDialog onConfirm={() => void actions.confirmDelete()} onClose={actions.cancelDelete} />
      ) : null}
      {actions.readersOf ? (
        <ReadersDialog message={actions.readersOf} load={actions.readers} onClose={actions.hideReaders} />
      ) : null}
    </div>
  );
}
