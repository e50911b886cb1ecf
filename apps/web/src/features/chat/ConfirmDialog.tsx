import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/Dialog.tsx';

export interface ConfirmDialogProps {
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  testId?: string;
}

/** A yes/no question before a destructive action (never window.confirm). */
export function ConfirmDialog({ title, body, confirmLabel, onConfirm, onClose, testId }: ConfirmDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog title={title} closeLabel={t('chat.close')} onClose={onClose} testId={testId}>
      <div className="dialog__body">
        <p>{body}</p>
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('chat.cancel')}
          </button>
          <button type="button" className="button button--danger" onClick={onConfirm} autoFocus>
            {confirmLabel}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
