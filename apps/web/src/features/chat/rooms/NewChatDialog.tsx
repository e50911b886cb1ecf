import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../i18n/errorText.ts';
import { Dialog } from '../../../ui/Dialog.tsx';
import { useChatStore } from '../store/ChatContext.tsx';
import { UserPicker } from './UserPicker.tsx';
import { useUserPicker } from './useUserPicker.ts';

/** Start a 1:1 chat (one person) or a group (several people and a name). */
export function NewChatDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const store = useChatStore();
  const picker = useUserPicker();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const group = picker.chosen.length > 1;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (picker.chosen.length === 0) return setError(t('chat.choosePeople'));
    if (group && !name.trim()) return setError(t('chat.groupNameRequired'));
    setBusy(true);
    try {
      const { room } = group
        ? await store.api.createGroup(
            name.trim(),
            picker.chosen.map((u) => u.id),
          )
        : await store.api.createDirect(picker.chosen[0]!.id);
      store.dispatch({ type: 'room', room });
      store.open(room.id);
      onClose();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

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
