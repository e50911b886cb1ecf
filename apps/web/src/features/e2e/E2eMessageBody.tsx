import type { Message } from '@messenger/shared';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { renderMarkdown } from '../../lib/markdown.tsx';
import { plainText } from '../chat/plainText.ts';
import { EditBox } from '../chat/timeline/EditBox.tsx';
import { E2eAttachments } from './E2eAttachments.tsx';
import { useE2e } from './E2eContext.tsx';
import { failureText } from './failureText.ts';
import { useDecrypted } from './useDecrypted.ts';

const NONE = () => () => {};

/** The quote of the message a decrypted reply answers, from messages already decrypted here. */
function E2eQuote({ replyTo, onJump }: { replyTo: string; onJump: (id: string) => void }) {
  const { t } = useTranslation();
  const cache = useE2e()?.cache;
  const original = useSyncExternalStore(cache?.subscribe ?? NONE, () => cache?.latest(replyTo));
  const text = original?.value.status === 'ok' ? plainText(original.value.content.body) : t('e2e.preview');
  return (
    <button
      type="button"
      className="msg__quote"
      data-testid="reply-quote"
      aria-label={t('chat.jumpToOriginal')}
      onClick={() => onJump(replyTo)}
    >
      <span className="msg__quote-sender">{original?.senderNickname ?? t('chat.someone')}</span>
      <span className="msg__quote-text">{text}</span>
    </button>
  );
}

export interface E2eMessageBodyProps {
  message: Message;
  editing: boolean;
  isMention: (username: string) => boolean;
  myUsername: string | undefined;
  onJump: (id: string) => void;
  onSaveEdit: (m: Message, body: string) => void;
  onCancelEdit: () => void;
}

/**
 * An end-to-end encrypted message's body (E2E-42): "Decrypting…" while the worker opens it, then its text like
 * any message (markdown, mentions, the quote of what it replies to), or the classified words of why it did not
 * open. Never a blank.
 */
export function E2eMessageBody({
  message: m,
  editing,
  isMention,
  myUsername,
  onJump,
  onSaveEdit,
  onCancelEdit,
}: E2eMessageBodyProps) {
  const { t } = useTranslation();
  const d = useDecrypted(m);
  if (d.status === 'pending')
    return (
      // No live region: a page of messages decrypting at once must not flood a screen reader.
      <p className="msg__body msg__body--e2e" data-testid="message-decrypting">
        {t('e2e.decrypting')}
      </p>
    );
  if (d.status === 'failed')
    return (
      <p className="msg__body msg__body--e2e-failed" data-testid="message-undecryptable" data-code={d.code}>
        {failureText(d.code)}
      </p>
    );
  const { body, replyTo, attachments } = d.content;
  return (
    <>
      {replyTo ? <E2eQuote replyTo={replyTo} onJump={onJump} /> : null}
      {editing ? (
        <EditBox initial={body} onSave={(b) => onSaveEdit(m, b)} onCancel={onCancelEdit} />
      ) : (
        <div className="msg__body" data-testid="message-body">
          {renderMarkdown(body, { isMention, self: myUsername })}
          {m.editedAt ? <span className="msg__edited">{t('chat.edited')}</span> : null}
        </div>
      )}
      {attachments?.length ? (
        <E2eAttachments roomId={m.roomId} msgId={m.id} attachments={attachments} />
      ) : null}
    </>
  );
}
