import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../ui/Dialog.tsx';
import { useNewChat } from './useNewChat.ts';
import { UserPicker } from './UserPicker.tsx';

/** Start a 1:1 chat (one person) or a group (several people and a name). */
export function NewChatDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { picker, name, setName, error, busy, group, submit } = useNewChat(onClose);

  return (
    <Dialog title={t('chat.newChat')} closeLabel={t('chat.close')} onClose={onClose} testId="new-chat-dialog">
      <form className="dialog__body new-chat" onSubmit={(e) => void submit(e)}>
        <UserPicker picker={picker} />
        {group ? (
          <label className="field">
            <span className="field__label">{t('chat.groupName')}</span>
            <input
              className="field__input"
              value={name}
              maxLength={50}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
        ) : null}
        {error ? (
          <p className="field__error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={busy || picker.chosen.length === 0}
          >
            {group ? t('chat.createGroup', { count: picker.chosen.length }) : t('chat.startChat')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
