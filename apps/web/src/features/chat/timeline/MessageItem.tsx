import { lazy, memo, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { renderMarkdown } from '../../../lib/markdown.tsx';
import { E2eMessageBody } from '../../e2e/E2eMessageBody.tsx';
import { Avatar } from '../../../ui/Avatar.tsx';
import { MessageFiles } from '../files/MessageFiles.tsx';
import { PollCard } from '../polls/PollCard.tsx';
import { plainText } from '../plainText.ts';
import { EditBox } from './EditBox.tsx';
import { MessageToolbar } from './MessageToolbar.tsx';
import { clockTime } from './format.ts';
import { Reactions } from './Reactions.tsx';
import { rowPropsEqual, type MessageRowProps } from './rowProps.ts';

// The emoji set loads with the picker, the first time someone opens it.
const EmojiPicker = lazy(() => import('./EmojiPicker.tsx').then((m) => ({ default: m.EmojiPicker })));

/**
 * One message: header (unless grouped), reply quote, text, edit mark, reactions, unread number, actions.
 * Memoized: it renders again only when its own props change (rowPropsEqual).
 */
export const MessageItem = memo(function MessageItem({
  message: m,
  continued,
  highlighted,
  unread,
  editing,
  meId,
  canModerate,
  readOnly,
  myUsername,
  isMention,
  systemLine,
  actions,
}: MessageRowProps) {
  const { t, i18n } = useTranslation();
  const [picker, setPicker] = useState<DOMRect | null>(null);
  if (m.kind === 'system') {
    return (
      <div className="system-line" data-testid="system-message" data-id={m.id}>
        <span>{systemLine}</span>
      </div>
    );
  }
  const mine = m.sender?.id === meId;
  const deleted = m.deletedAt !== null;
  const sender = !m.sender ? t('chat.someone') : m.sender.deleted ? t('chat.deletedUser') : m.sender.nickname;
  const time = clockTime(m.createdAt, i18n.language);
  const cls = ['msg', continued && 'msg--continued', highlighted && 'msg--highlight', mine && 'msg--mine']
    .filter(Boolean)
    .join(' ');
  return (
    // Focusable so that a tap on a touch screen (no hover) reveals the message's toolbar.
    <article
      tabIndex={-1}
      className={cls}
      data-testid="message"
      data-id={m.id}
      data-seq={m.seq}
      aria-label={`${sender} ${time}`}
    >
      <div className="msg__gutter">
        {continued ? (
          <time className="msg__hover-time" dateTime={m.createdAt}>
            {time}
          </time>
        ) : (
          <Avatar
            name={sender}
            seed={m.sender?.id ?? 'x'}
            url={m.sender?.deleted ? null : m.sender?.avatarUrl}
          />
        )}
      </div>
      <div className="msg__main">
        {!continued ? (
          <div className="msg__head">
            <span className="msg__sender">{sender}</span>
            <time className="msg__time" dateTime={m.createdAt}>
              {time}
            </time>
          </div>
        ) : null}
        {m.replyTo ? (
          <button
            type="button"
            className="msg__quote"
            data-testid="reply-quote"
            aria-label={t('chat.jumpToOriginal')}
            onClick={() => actions.jump(m.replyTo!.id)}
          >
            <span className="msg__quote-sender">{m.replyTo.senderNickname ?? t('chat.someone')}</span>
            <span className="msg__quote-text">
              {m.replyTo.deleted ? t('chat.deletedMessage') : plainText(m.replyTo.text)}
            </span>
          </button>
        ) : m.replyToRemoved ? (
          <p className="msg__quote msg__quote--removed" data-testid="reply-quote-removed">
            <span className="msg__quote-text">{t('chat.originalRemoved')}</span>
          </p>
        ) : null}
        {deleted ? (
          <p className="msg__body msg__body--deleted" data-testid="message-deleted">
            {t('chat.deletedMessage')}
          </p>
        ) : m.kind === 'e2e' ? (
          <E2eMessageBody
            message={m}
            editing={editing}
            isMention={isMention}
            myUsername={myUsername}
            onJump={actions.jump}
            onSaveEdit={(msg, b) => void actions.saveEdit(msg, b)}
            onCancelEdit={actions.cancelEdit}
          />
        ) : m.kind === 'poll' && m.pollId ? (
          <PollCard pollId={m.pollId} canModerate={canModerate} />
        ) : editing ? (
          <EditBox
            initial={m.body}
            onSave={(b) => void actions.saveEdit(m, b)}
            onCancel={actions.cancelEdit}
          />
        ) : (
          <div className="msg__body" data-testid="message-body">
            {renderMarkdown(m.body, { isMention, self: myUsername })}
            {m.editedAt ? <span className="msg__edited">{t('chat.edited')}</span> : null}
          </div>
        )}
        {!deleted ? <MessageFiles files={m.files} /> : null}
        {!deleted ? (
          <Reactions
            reactions={m.reactions}
            meId={meId}
            onToggle={readOnly ? null : (e) => actions.react(m, e)}
          />
        ) : null}
      </div>
      {unread > 0 ? (
        <button
          type="button"
          className="msg__unread"
          data-testid="unread-count"
          aria-label={t('chat.unreadByCount', { count: unread })}
          onClick={() => actions.showReaders(m)}
        >
          {unread}
        </button>
      ) : null}
      {!deleted && !editing ? (
        <MessageToolbar
          message={m}
          mine={mine}
          canModerate={canModerate}
          readOnly={readOnly}
          actions={actions}
          onOpenPicker={setPicker}
        />
      ) : null}
      {picker ? (
        <Suspense fallback={null}>
          <EmojiPicker
            anchor={picker}
            onPick={(e) => {
              setPicker(null);
              actions.react(m, e);
            }}
            onClose={() => setPicker(null)}
          />
        </Suspense>
      ) : null}
    </article>
  );
}, rowPropsEqual);
