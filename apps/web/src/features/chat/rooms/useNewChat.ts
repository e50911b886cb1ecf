import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../i18n/errorText.ts';
import { e2eChoice, encryptedBy } from '../../e2e/defaults/e2eChoice.ts';
import { useE2eCapable, useE2ePolicy } from '../../e2e/defaults/useE2eDefaults.ts';
import { useChatStore } from '../store/ChatContext.tsx';
import { useUserPicker } from './useUserPicker.ts';

/**
 * The new-chat dialog's model: the people chosen, the group name, and a submit that starts a 1:1 chat
 * (one person) or creates a group (several and a name), then opens it. Which of them is end-to-end encrypted
 * follows the server's policy and this browser (E2E-112, E2E-113): a direct chat opens the encrypted room
 * with that person, a group of up to 100 starts encrypted.
 */
export function useNewChat(onDone: () => void) {
  const { t } = useTranslation();
  const store = useChatStore();
  const picker = useUserPicker();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The creator's opt-out of a group's encryption, kept only where the policy allows it.
  const [optedOut, setOptedOut] = useState(false);
  const { policy, fresh } = useE2ePolicy(store.api.config, store.api.loadedConfig()?.e2ePolicy ?? 'default');
  const capable = useE2eCapable();
  const group = picker.chosen.length > 1;
  const choice = e2eChoice({ policy, capable, group, members: picker.chosen.length + 1, optedOut });
  const encrypted = encryptedBy(choice);

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

  return {
    picker,
    name,
    setName,
    error,
    // Until the policy in force is known, the room is not made (it may have changed since login).
    busy: busy || !fresh,
    group,
    choice,
    encrypted,
    setEncrypted: (on: boolean) => setOptedOut(!on),
    submit,
  };
}
