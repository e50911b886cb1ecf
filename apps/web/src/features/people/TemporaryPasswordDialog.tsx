import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/Dialog.tsx';
import { copyText } from '../twoFactor/codes.ts';

export interface TemporaryPasswordDialogProps {
  name: string;
  password: string;
  onClose: () => void;
}

/** A temporary password, shown this once with a copy button (ACCT-7, ACCT-8); the server never says it again. */
export function TemporaryPasswordDialog({ name, password, onClose }: TemporaryPasswordDialogProps) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <Dialog
      title={t('people.temporaryTitle', { name })}
      closeLabel={t('chat.close')}
      onClose={onClose}
      className="people-dialog"
      testId="temporary-password"
    >
      <div className="dialog__body">
        <p>{t('people.temporaryHint')}</p>
        <p className="temporary-password">
          <code aria-label={t('people.temporaryLabel')} data-testid="temporary-password-value">
            {password}
          </code>
        </p>
        <div className="dialog__actions">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void copyText(password).then(setCopied)}
          >
            {copied ? t('people.copied') : t('people.copy')}
          </button>
          <button type="button" className="button button--primary" onClick={onClose} autoFocus>
            {t('people.done')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
