import type { Message } from '@messenger/shared';
import { useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FileTray } from '../files/FileTray.tsx';
import type { UploadTray } from '../files/useUploadTray.ts';
import { plainText } from '../plainText.ts';
import { PollDialog } from '../polls/PollDialog.tsx';
import { useComposer } from './useComposer.ts';
import { E2eRoomStatus } from '../../e2e/E2eRoomStatus.tsx';
import { LockIcon } from '../../e2e/LockIcon.tsx';
import type { E2eRoomHandle } from '../../e2e/useE2eRoom.ts';
import { useMessageText } from '../../e2e/useMessageText.ts';

export interface ComposerProps {
  roomId: string;
  replyTo: Message | null;
  onCancelReply: () => void;
  /** Files to send with the text (shared with the chat's drop zone). */
  tray: UploadTray;
  disabled?: boolean;
  /** Show the poll button (the room's post policy allows it). */
  canCreatePoll?: boolean;
  /**
   * An end-to-end encrypted room (E2E-41, E2E-75): no poll button (a line says why); files are sealed on
   * this device (a line says the server does not scan them); until the room is ready here the input and
   * attach are disabled with the reason and pasted files are refused.
   */
  e2e?: (E2eRoomHandle & { refuseFiles: () => void; nameOf: (userId: string) => string }) | null;
}

/**
 * Multiline input: Enter sends, Shift+Enter breaks the line, IME-safe; mentions, counter, reply quote;
 * files from the attach button or a paste go to the tray above it and leave with the text as caption; the
 * poll button opens the poll dialog.
 */
export function Composer({
  roomId,
  replyTo,
  onCancelReply,
  tray,
  canCreatePoll = true,
  e2e = null,
}: ComposerProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const [pollOpen, setPollOpen] = useState(false);
  const blocked = e2e !== null && e2e.room.state !== 'ready';
  const c = useComposer(roomId, replyTo, onCancelReply, ref, tray, {
    blocked,
    // Once the room is ready here, pasted files go to the tray and are sealed (E2E-75); before, refused.
    refuseFiles: blocked ? e2e?.refuseFiles : undefined,
  });
  const replyText = useMessageText(replyTo);
  const trayHint = tray.hint ? t(`files.${tray.hint}`) : null;
  const listId = `mention-list-${roomId}`;

  // Grow with the text up to the CSS max-height.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }, [c.text, ref]);

  useLayoutEffect(() => {
    if (replyTo) ref.current?.focus();
  }, [replyTo, ref]);

  return (
    <div className="composer">
      {replyTo ? (
        <div className="composer__reply" data-testid="reply-preview">
          <div className="composer__reply-text">
            <span className="composer__reply-label">
              {t('chat.replyingTo', { name: replyTo.sender?.nickname ?? t('chat.someone') })}
            </span>
            <span className="composer__reply-quote">{plainText(replyText)}</span>
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label={t('chat.cancelReply')}
            onClick={onCancelReply}
          >
            ×
          </button>
        </div>
      ) : null}
      {c.suggestions.length > 0 ? (
        <ul
          className="mention-menu"
          id={listId}
          role="listbox"
          aria-label={t('chat.mentionSuggestions')}
          data-testid="mention-menu"
        >
          {c.suggestions.map((s, i) => (
            <li
              key={s.username}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === c.activeSuggestion}
              className="mention-menu__item"
              onPointerDown={(e) => {
                e.preventDefault();
                c.pick(s);
              }}
            >
              <span className="mention-menu__nick">
                {s.username === 'all' ? t('chat.mentionAll') : s.nickname}
              </span>
              <span className="mention-menu__user">@{s.username}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {blocked ? null : <FileTray tray={tray} />}
      {e2e ? <E2eRoomStatus handle={e2e} nameOf={e2e.nameOf} /> : null}
      <div className="composer__box">
        {blocked ? null : (
          <>
            <input
              ref={picker}
              type="file"
              multiple
              hidden
              data-testid="file-input"
              onChange={(e) => {
                tray.add([...(e.target.files ?? [])]);
                // The same file can be picked again after it was removed from the tray.
                e.target.value = '';
                ref.current?.focus();
              }}
            />
            <button
              type="button"
              className="icon-button composer__attach"
              aria-label={t('files.attach')}
              title={t('files.attach')}
              data-testid="attach-button"
              onClick={() => picker.current?.click()}
            >
              <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
                <path
                  d="M14.5 9.5l-5.3 5.3a3.2 3.2 0 0 1-4.5-4.5l6-6a2.2 2.2 0 0 1 3.1 3.1l-6 6a1.1 1.1 0 0 1-1.6-1.6l5.3-5.3"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="1.5"
                  strokeLinecap="round"
                  strokeLinejoin="round"
                />
              </svg>
            </button>
          </>
        )}
        {canCreatePoll && !e2e ? (
          <button
            type="button"
            className="icon-button composer__attach"
            aria-label={t('polls.open')}
            title={t('polls.open')}
            data-testid="poll-button"
            onClick={() => setPollOpen(true)}
          >
            <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
              <path
                d="M4 16V9M10 16V4M16 16v-5"
                fill="none"
                stroke="currentColor"
                strokeWidth="2"
                strokeLinecap="round"
              />
            </svg>
          </button>
        ) : null}
        <textarea
          ref={ref}
          // The browser's form-state restore writes a textarea's text into its session files on disk unless
          // autocomplete is off; an encrypted room's draft must stay in memory (E2E-46, the browser scan).
          autoComplete="off"
          className="composer__input"
          data-testid="composer"
          rows={1}
          value={c.text}
          placeholder={t('chat.composerPlaceholder')}
          aria-label={t('chat.composerLabel')}
          aria-autocomplete="list"
          aria-controls={c.suggestions.length > 0 ? listId : undefined}
          aria-activedescendant={c.suggestions.length > 0 ? `${listId}-${c.activeSuggestion}` : undefined}
          aria-invalid={c.tooLong}
          aria-describedby={c.showCounter ? `counter-${roomId}` : undefined}
          disabled={blocked}
          onChange={c.onChange}
          onKeyDown={c.onKeyDown}
          onPaste={c.onPaste}
          onBlur={c.closeSuggestions}
        />
        <button
          type="button"
          className="button button--primary composer__send"
          onClick={c.send}
          disabled={!c.canSend}
          aria-label={t('chat.send')}
          aria-describedby={trayHint ? `tray-hint-${roomId}` : undefined}
        >
          {t('chat.send')}
        </button>
      </div>
      {e2e ? (
        <p className="composer__hint e2e-note" data-testid="e2e-composer-note">
          <LockIcon className="e2e-note__icon" />
          {t('e2e.composerNote')} <span data-testid="e2e-files-note">{t('e2e.filesNotScanned')}</span>
        </p>
      ) : null}
      {trayHint ? (
        <p id={`tray-hint-${roomId}`} className="composer__hint" data-testid="tray-hint">
          {trayHint}
        </p>
      ) : null}
      {c.showCounter ? (
        <p
          id={`counter-${roomId}`}
          className={c.tooLong ? 'composer__counter composer__counter--over' : 'composer__counter'}
          data-testid="char-counter"
          role={c.tooLong ? 'alert' : undefined}
        >
          {c.tooLong
            ? t('chat.tooLong', { length: c.count.toLocaleString(), limit: c.limit.toLocaleString() })
            : `${c.count.toLocaleString()} / ${c.limit.toLocaleString()}`}
        </p>
      ) : null}
      {pollOpen ? <PollDialog roomId={roomId} onClose={() => setPollOpen(false)} /> : null}
    </div>
  );
}
