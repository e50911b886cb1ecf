import { E2E_ROOM_MEMBERS_MAX } from '@messenger/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../i18n/errorText.ts';
import { useChatStore } from '../store/ChatContext.tsx';
import { useUserPicker } from './useUserPicker.ts';

/**
 * The new-chat dialog's model: the people chosen, the group name, and a submit that starts a 1:1 chat
 * (one person) or creates a group (several and a name), then opens it.
 */
export function useNewChat(onDone: () => void) {
  const { t } = useTranslation();
  const store = useChatStore();
  const picker = useUserPicker();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Off by default in this step; a group with it on is encrypted for good (E2E-40).
  const [encrypted, setEncrypted] = useState(false);
  const group = picker.chosen.length > 1;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (picker.chosen.length === 0) return setError(t('chat.choosePeople'));
    if (group && !name.trim()) return setError(t('chat.groupNameRequired'));
    // The chosen people and me.
    if (encrypted && picker.chosen.length + 1 > E2E_ROOM_MEMBERS_MAX)
      return setError(t('e2e.tooManyMembers', { max: E2E_ROOM_MEMBERS_MAX }));
    setBusy(true);
    try {
      const { room } = group
        ? await store.api.createGroup(
            name.trim(),
            picker.chosen.map((u) => u.id),
            encrypted,
          )
        : await store.api.createDirect(picker.chosen[0]!.id, encrypted);
      store.dispatch({ type: 'room', room });
      store.open(room.id);
      onDone();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return { picker, name, setName, error, busy, group, encrypted, setEncrypted, submit };
}
