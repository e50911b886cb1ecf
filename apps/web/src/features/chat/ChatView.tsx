import type { Message } from '@messenger/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Composer } from './composer/Composer.tsx';
import { ComposerLocked, postBlock } from './composer/ComposerLocked.tsx';
import { DropOverlay } from './files/DropOverlay.tsx';
import { FilesPanel } from './files/FilesPanel.tsx';
import { Lightbox } from './files/Lightbox.tsx';
import { useChatFiles } from './files/useChatFiles.ts';
import { ImageViewerContext } from './files/viewerContext.ts';
import { ChatHeader } from './header/ChatHeader.tsx';
import { useE2eRoom } from '../e2e/useE2eRoom.ts';
import { RecoveryPrompt } from '../e2e/recovery/RecoveryPrompt.tsx';
import { MembersPanel } from './members/MembersPanel.tsx';
import { NoticeActionsContext, type NoticeActions } from './notices/noticeActions.ts';
import { NoticeBanner } from './notices/NoticeBanner.tsx';
import { NoticesPanel } from './notices/NoticesPanel.tsx';
import { PinDialog } from './notices/PinDialog.tsx';
import { mayPost } from './notices/pinModel.ts';
import { useRoomPins } from './notices/PinsContext.tsx';
import { usePollStore } from './polls/PollsContext.tsx';
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
  const [noticesOpen, setNoticesOpen] = useState(false);
  const [pinning, setPinning] = useState<Message | null>(null);
  const jumpRef = useRef<((id: string) => void) | null>(null);
  const pins = useRoomPins(roomId);
  const polls = usePollStore();
  useEffect(() => {
    void polls.loadRoom(roomId);
  }, [polls, roomId]);
  const noticeActions = useMemo<NoticeActions>(() => ({ askPin: setPinning }), [setPinning]);
  const model = useTimeline(roomId);
  const actions = useMessageActions(setReplyTo);
  const encrypted = room?.e2e === true;
  const e2e = useE2eRoom(roomId, encrypted);
  const refuseFiles = () => actions.setError(t('e2e.filesRefused'));
  // Files go encrypted once the room is ready on this device (E2E-75); until then a drop is refused in words.
  const e2eBlocked = e2e !== null && e2e.room.state !== 'ready';
  const files = useChatFiles(roomId, encrypted, e2eBlocked ? refuseFiles : undefined);
  if (!room) return null;
  // Notices (pins) are not offered in encrypted rooms yet (E2E-41).
  const canPost = mayPost(room) && !encrypted;
  const peer = room.peer ? state.presence[room.peer.id] : undefined;
  const nameOf = (id: string) => state.users[id]?.nickname ?? t('chat.someone');
  return (
    <NoticeActionsContext value={canPost ? noticeActions : null}>
      <ImageViewerContext value={files.openImage}>
        <div
          className="chat"
          data-testid="chat-view"
          data-room-id={roomId}
          {...(postBlock(room) ? {} : files.drop.handlers)}
        >
          <section className="chat__main" aria-label={t('chat.conversation')}>
            <ChatHeader
              room={room}
              peerPresence={peer}
              membersOpen={membersOpen}
              filesOpen={files.panelOpen}
              noticesOpen={noticesOpen}
              onBack={() => store.open(null)}
              onToggleMembers={() => {
                files.setPanelOpen(false);
                setNoticesOpen(false);
                setMembersOpen((o) => !o);
              }}
              onToggleFiles={() => {
                setMembersOpen(false);
                setNoticesOpen(false);
                files.setPanelOpen(!files.panelOpen);
              }}
              onToggleNotices={() => {
                setMembersOpen(false);
                files.setPanelOpen(false);
                setNoticesOpen((o) => !o);
              }}
            />
            <NoticeBanner
              roomId={roomId}
              pins={pins}
              meId={state.meId}
              onOpenAll={() => {
                setMembersOpen(false);
                files.setPanelOpen(false);
                setNoticesOpen(true);
              }}
            />
            {e2e?.room.state === 'ready' ? <RecoveryPrompt userId={state.meId} /> : null}
            {actions.error ? (
              <div className="chat__error alert alert--error" role="alert">
                <span className="alert__body">{actions.error}</span>
                <button type="button" className="link-button" onClick={() => actions.setError(null)}>
                  {t('notices.dismiss')}
                </button>
              </div>
            ) : null}
            <MessageList model={model} actions={actions} jumpRef={jumpRef} />
            <TypingIndicator typing={state.typing[roomId]} nameOf={nameOf} />
            {postBlock(room) ? (
              <ComposerLocked room={room} />
            ) : (
              <Composer
                roomId={roomId}
                replyTo={replyTo}
                onCancelReply={() => setReplyTo(null)}
                tray={files.tray}
                e2e={e2e ? { ...e2e, refuseFiles, nameOf } : null}
              />
            )}
          </section>
          {membersOpen ? <MembersPanel room={room} onClose={() => setMembersOpen(false)} /> : null}
          {files.panelOpen ? <FilesPanel room={room} onClose={() => files.setPanelOpen(false)} /> : null}
          {noticesOpen ? (
            <NoticesPanel
              room={room}
              canWrite={mayPost(room)}
              pins={pins}
              meId={state.meId}
              onJump={(id) => jumpRef.current?.(id)}
              onClose={() => setNoticesOpen(false)}
            />
          ) : null}
          {pinning ? <PinDialog message={pinning} onClose={() => setPinning(null)} /> : null}
          {files.drop.active && !e2eBlocked ? <DropOverlay /> : null}
          {files.viewing ? (
            <Lightbox roomId={roomId} start={files.viewing} onClose={files.closeImage} />
          ) : null}
          {actions.deleting ? (
            <DeleteDialog onConfirm={() => void actions.confirmDelete()} onClose={actions.cancelDelete} />
          ) : null}
          {actions.readersOf ? (
            <ReadersDialog message={actions.readersOf} load={actions.readers} onClose={actions.hideReaders} />
          ) : null}
        </div>
      </ImageViewerContext>
    </NoticeActionsContext>
  );
}
