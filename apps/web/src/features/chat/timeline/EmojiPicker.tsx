import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { EMOJI_CATEGORIES, QUICK_REACTIONS, searchEmoji } from '../model/emoji.ts';

export interface EmojiPickerProps {
  /** Where to open: the button's rectangle. */
  anchor: DOMRect;
  onPick: (emoji: string) => void;
  onClose: () => void;
}

/** The bundled emoji picker: quick row, search, categories. Esc or a click outside closes it. */
export function EmojiPicker({ anchor, onPick, onClose }: EmojiPickerProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [onClose]);
  const width = 320;
  const height = 340;
  const left = Math.max(8, Math.min(anchor.right - width, window.innerWidth - width - 8));
  const top =
    anchor.top - height - 6 > 8
      ? anchor.top - height - 6
      : Math.min(anchor.bottom + 6, window.innerHeight - height - 8);
  const results = query.trim() ? searchEmoji(query) : null;
  const button = (char: string) => (
    <button
      key={char}
      type="button"
      className="emoji-picker__emoji"
      aria-label={char}
      onClick={() => onPick(char)}
    >
      {char}
    </button>
  );
  // A portal: rows of the virtual list are transformed, which would shift a fixed-position child.
  return createPortal(
    <div
      ref={ref}
      className="emoji-picker"
      role="dialog"
      aria-label={t('chat.emojiPicker')}
      style={{ left, top, width, height }}
      data-testid="emoji-picker"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <input
        type="search"
        className="field__input emoji-picker__search"
        placeholder={t('chat.searchEmoji')}
        aria-label={t('chat.searchEmoji')}
        value={query}
        autoFocus
        onChange={(e) => setQuery(e.target.value)}
      />
      <div className="emoji-picker__scroll">
        {results ? (
          <div className="emoji-picker__grid">
            {results.length ? results.map((e) => button(e.char)) : <p>{t('chat.noEmoji')}</p>}
          </div>
        ) : (
          <>
            <h3 className="emoji-picker__heading">{t('chat.emojiCategory.frequent')}</h3>
            <div className="emoji-picker__grid">{QUICK_REACTIONS.map(button)}</div>
            {EMOJI_CATEGORIES.map((c) => (
              <section key={c.id}>
                <h3 className="emoji-picker__heading">{t(`chat.emojiCategory.${c.id}`)}</h3>
                <div className="emoji-picker__grid">{c.emoji.map((e) => button(e.char))}</div>
              </section>
            ))}
          </>
        )}
      </div>
    </div>,
    document.body,
  );
}
