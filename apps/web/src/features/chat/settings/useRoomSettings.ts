import type { InvitePolicy, RoomSummary, UpdateRoomBody } from '@messenger/shared';
import { useState } from 'react';
import { errorText } from '../../../i18n/errorText.ts';
import { useChatStore } from '../store/ChatContext.tsx';

/** The post policies an admin may choose (`closed` is the server's own state). */
export type ChoosablePostPolicy = 'everyone' | 'admins';

/** The fields of the settings form that differ from the room as it is now. */
export function changedFields(
  room: Pick<RoomSummary, 'name' | 'description' | 'invitePolicy' | 'postPolicy'>,
  draft: { name: string; description: string; invitePolicy: InvitePolicy; postPolicy: ChoosablePostPolicy },
): UpdateRoomBody {
  const out: UpdateRoomBody = {};
  if (draft.name.trim() !== (room.name ?? '')) out.name = draft.name.trim();
  if (draft.description.trim() !== room.description) out.description = draft.description.trim();
  if (draft.invitePolicy !== room.invitePolicy) out.invitePolicy = draft.invitePolicy;
  if (draft.postPolicy !== room.postPolicy) out.postPolicy = draft.postPolicy;
  return out;
}

/**
 * View-model of a group's settings dialog (ADM-1, ADM-2). Nothing is applied here: the room changes on screen
 * when the server announces it (`room:changed`), the same moment it changes for every other member.
 */
export function useRoomSettings(room: RoomSummary, close: () => void) {
  const store = useChatStore();
  const api = store.api.roomSettings;
  const [name, setName] = useState(room.name ?? '');
  const [description, setDescription] = useState(room.description);
  const [invitePolicy, setInvitePolicy] = useState<InvitePolicy>(room.invitePolicy);
  const [postPolicy, setPostPolicy] = useState<ChoosablePostPolicy>(
    room.postPolicy === 'admins' ? 'admins' : 'everyone',
  );
  const [saving, setSaving] = useState(false);
  const [imageBusy, setImageBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [imageError, setImageError] = useState<string | null>(null);
  const changes = changedFields(room, { name, description, invitePolicy, postPolicy });
  const dirty = Object.keys(changes).length > 0;

  const image = async (fn: () => Promise<unknown>) => {
    setImageError(null);
    setImageBusy(true);
    try {
      await fn();
    } catch (err) {
      setImageError(errorText(err));
    } finally {
      setImageBusy(false);
    }
  };

  return {
    name,
    description,
    invitePolicy,
    postPolicy,
    setName,
    setDescription,
    setInvitePolicy,
    setPostPolicy,
    saving,
    imageBusy,
    error,
    imageError,
    dirty,
    nameValid: name.trim().length > 0,
    auditCsvUrl: api.auditCsvUrl(room.id),
    chooseImage: (file: File | undefined) => {
      if (file) void image(() => api.uploadImage(room.id, file));
    },
    removeImage: () => void image(() => api.removeImage(room.id)),
    save: async () => {
      if (!dirty) return close();
      setError(null);
      setSaving(true);
      try {
        await api.update(room.id, changes);
        close();
      } catch (err) {
        setError(errorText(err));
      } finally {
        setSaving(false);
      }
    },
  };
}
