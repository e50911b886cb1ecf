import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../ConfirmDialog.tsx';

/** Confirmation before deleting a message. */
export function DeleteDialog({ onConfirm, onClose }: { onConfirm: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      title={t('chat.deleteTitle')}
      body={t('chat.deleteBody')}
      confirmLabel={t('chat.delete')}
      onConfirm={onConfirm}
      onClose={onClose}
      testId="delete-dialog"
    />
  );
}
