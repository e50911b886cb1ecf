import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../ui/Dialog.tsx';
import { UserPicker } from '../rooms/UserPicker.tsx';
import { useUserPicker } from '../rooms/useUserPicker.ts';

export interface InviteDialogProps {
  exclude: string[];
  onInvite: (ids: string[]) => Promise<void>;
  onClose: () => void;
}

/** Invite several people in one call (ROOM-3). */
export function InviteDialog({ exclude, onInvite, onClose }: InviteDialogProps) {
  const { t } = useTranslation();
  const picker = useUserPicker(exclude);
  return (
    <Dialog title={t('chat.invite')} closeLabel={t('chat.close')} onClose={onClose}>
      <form
        className="dialog__body"
        onSubmit={(e) => {
          e.preventDefault();
          void onInvite(picker.chosen.map((u) => u.id)).then(onClose);
        }}
      >
        <UserPicker picker={picker} />
        <div className="dialog__actions">
          <button type="submit" className="button button--primary" disabled={picker.chosen.length === 0}>
            {t('chat.inviteCount', { count: picker.chosen.length })}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
