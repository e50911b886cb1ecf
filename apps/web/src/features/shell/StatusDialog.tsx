import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/Dialog.tsx';
import { StatusMessageField } from '../profile/StatusMessageField.tsx';

export interface StatusDialogProps {
  current: string;
  /** Saves the message (empty clears it); false when it could not be sent (no connection). */
  onSave: (statusMessage: string) => boolean;
  onClose: () => void;
}

/** Sets or clears the user's own status message ("회의 중", "휴가 중"), shown to people they share a room with. */
export function StatusDialog({ current, onSave, onClose }: StatusDialogProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(current);
  const [error, setError] = useState<string | undefined>(undefined);
  const form = useRef<HTMLFormElement>(null);
  // After the dialog has opened (its effect runs first, and showModal focuses the close button): the field.
  useEffect(() => form.current?.querySelector('input')?.focus(), []);
  const save = (value: string) => {
    if (onSave(value.trim())) onClose();
    else setError(t('shell.statusOffline'));
  };
  return (
    <Dialog
      title={t('shell.statusTitle')}
      closeLabel={t('chat.close')}
      onClose={onClose}
      className="dialog--narrow"
      testId="status-dialog"
    >
      <form
        ref={form}
        className="dialog__body"
        onSubmit={(e) => {
          e.preventDefault();
          save(text);
        }}
      >
        <StatusMessageField
          error={error}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setError(undefined);
          }}
        />
        <div className="dialog__actions">
          {current ? (
            <button type="button" className="button button--secondary" onClick={() => save('')}>
              {t('shell.statusClear')}
            </button>
          ) : null}
          <button type="submit" className="button button--primary" disabled={text.trim() === current.trim()}>
            {t('chat.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
