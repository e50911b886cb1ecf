import type { Message } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { QUICK_REACTIONS } from '../model/quickReactions.ts';
import { PinIcon } from '../notices/icons.tsx';
import { useNoticeActions } from '../notices/noticeActions.ts';
import type { RowActions } from './rowProps.ts';

export interface MessageToolbarProps {
  message: Message;
  mine: boolean;
  canModerate: boolean;
  /** An archived room (ADMIN-2): only the readers list, nothing that writes. */
  readOnly: boolean;
  actions: RowActions;
  onOpenPicker: (anchor: DOMRect) => void;
}

/** The hover/focus toolbar of a message: quick reactions, picker, reply, readers, pin, edit, delete. */
export function MessageToolbar({
  message: m,
  mine,
  canModerate,
  readOnly,
  actions,
  onOpenPicker,
}: MessageToolbarProps) {
  const { t } = useTranslation();
  const notices = useNoticeActions();
  const readers = (
    <button
      type="button"
      className="msg__action"
      title={t('chat.readersTitle')}
      aria-label={t('chat.readersTitle')}
      onClick={() => actions.showReaders(m)}
    >
      ✓
    </button>
  );
  if (readOnly)
    return (
      <div className="msg__actions" role="toolbar" aria-label={t('chat.messageActions')}>
        {readers}
      </div>
    );
  return (
    <div className="msg__actions" role="toolbar" aria-label={t('chat.messageActions')}>
      {QUICK_REACTIONS.slice(0, 3).map((e) => (
        <button
          key={e}
          type="button"
          className="msg__action"
          aria-label={t('chat.reactWith', { emoji: e })}
          onClick={() => actions.react(m, e)}
        >
          {e}
        </button>
      ))}
      <button
        type="button"
        className="msg__action"
        aria-label={t('chat.addReaction')}
        title={t('chat.addReaction')}
        data-testid="add-reaction"
        onClick={(e) => onOpenPicker(e.currentTarget.getBoundingClientRect())}
      >
        ☺+
      </button>
      <button
        type="button"
        className="msg__action"
        title={t('chat.reply')}
        aria-label={t('chat.reply')}
        onClick={() => actions.reply(m)}
      >
        ↩
      </button>
      {readers}
      {notices ? (
        <button
          type="button"
          className="msg__action"
          title={t('pins.pinMessage')}
          aria-label={t('pins.pinMessage')}
          data-testid="pin-message"
          onClick={() => notices.askPin(m)}
        >
          <PinIcon />
        </button>
      ) : null}
      {mine && (m.kind === 'text' || m.kind === 'e2e') ? (
        <button
          type="button"
          className="msg__action"
          title={t('chat.edit')}
          aria-label={t('chat.edit')}
          onClick={() => actions.startEdit(m)}
        >
          ✎
        </button>
      ) : null}
      {mine || canModerate ? (
        <button
          type="button"
          className="msg__action msg__action--danger"
          title={t('chat.delete')}
          aria-label={t('chat.delete')}
          onClick={() => actions.askDelete(m)}
        >
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
            <path
              d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.5h5.8l.6-8.5"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.4"
              strokeLinejoin="round"
            />
          </svg>
        </button>
      ) : null}
    </div>
  );
}
