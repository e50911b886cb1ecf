import type { Message } from '@messenger/shared';
import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { plainText } from '../plainText.ts';
import { useComposer } from './useComposer.ts';

export interface ComposerProps {
  roomId: string;
  replyTo: Message | null;
  onCancelReply: () => void;
  disabled?: boolean;
}

/** Multiline input: Enter sends, Shift+Enter breaks the line, IME-safe; mentions, counter, reply quote. */
export function Composer({ roomId, replyTo, onCancelReply }: ComposerProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLTextAreaElement>(null);
  const c = useComposer(roomId, replyTo, onCancelReply, ref);
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
            <span className="composer__reply-quote">{plainText(replyTo.body)}</span>
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
      <div className="composer__box">
        <textarea
          ref={ref}
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
          onChange={c.onChange}
          onKeyDown={c.onKeyDown}
          onBlur={c.closeSuggestions}
        />
        <button
          type="button"
          className="button button--primary composer__send"
          onClick={c.send}
          disabled={c.text.trim() === '' || c.tooLong}
          aria-label={t('chat.send')}
        >
          {t('chat.send')}
        </button>
      </div>
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
    </div>
  );
}
