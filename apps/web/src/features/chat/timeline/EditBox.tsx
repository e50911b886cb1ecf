import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shouldSend } from '../model/keys.ts';

export interface EditBoxProps {
  initial: string;
  onSave: (body: string) => void;
  onCancel: () => void;
}

/** Inline editor: Enter saves (never while an IME composes), Shift+Enter breaks the line, Esc cancels. */
export function EditBox({ initial, onSave, onCancel }: EditBoxProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial);
  return (
    <div className="edit-box">
      <textarea
        // Never kept by the browser's form-state restore (its session files): an encrypted room's text stays
        // in memory (E2E-46).
        autoComplete="off"
        className="field__input edit-box__input"
        aria-label={t('chat.editMessage')}
        value={text}
        autoFocus
        rows={Math.min(8, text.split('\n').length + 1)}
        onFocus={(e) => e.currentTarget.setSelectionRange(text.length, text.length)}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onCancel();
          } else if (
            shouldSend({ ...e, isComposing: e.nativeEvent.isComposing, keyCode: e.nativeEvent.keyCode })
          ) {
            e.preventDefault();
            onSave(text);
          }
        }}
      />
      <p className="edit-box__hint">{t('chat.editHint')}</p>
      <div className="edit-box__actions">
        <button type="button" className="button button--small button--secondary" onClick={onCancel}>
          {t('chat.cancel')}
        </button>
        <button type="button" className="button button--small button--primary" onClick={() => onSave(text)}>
          {t('chat.save')}
        </button>
      </div>
    </div>
  );
}
