import type { Profile } from '@messenger/shared';
import { useEffect, useState } from 'react';
import { errorText } from '../../i18n/errorText.ts';
import { useChatStore } from '../chat/store/ChatContext.tsx';
import { imageError, nicknameError, profileChanges, statusError, type ImageChoice } from './profileForm.ts';

/** My profile as the dialog opens on it. */
export interface ProfileDraftSource {
  nickname: string;
  statusMessage: string;
  avatarUrl: string | null;
}

/** Error keys (i18n) of the fields, and the server's localized messages of failed calls. */
export interface ProfileErrors {
  nickname?: string | undefined;
  statusMessage?: string | undefined;
  /** i18n key of a file refused before uploading it. */
  imageKey?: string | undefined;
  /** The server's message for a refused upload or removal. */
  image?: string | undefined;
  form?: string | undefined;
}

/**
 * The profile dialog's view-model: the nickname and status fields with inline checks (the shared rules),
 * the chosen image and its preview, and Save, which sends the changed fields, then the image or its removal.
 */
export function useProfileDialog(
  saved: ProfileDraftSource,
  onSaved: (p: Profile) => void,
  onDone: () => void,
) {
  const api = useChatStore().api.profile;
  const [nickname, setNickname] = useState(saved.nickname);
  const [statusMessage, setStatusMessage] = useState(saved.statusMessage);
  const [image, setImage] = useState<ImageChoice>({ kind: 'keep' });
  const [errors, setErrors] = useState<ProfileErrors>({});
  const [saving, setSaving] = useState(false);

  // The preview is an object URL of the chosen file: let it go when another is chosen or the dialog closes.
  useEffect(() => (image.kind === 'new' ? () => URL.revokeObjectURL(image.preview) : undefined), [image]);

  const preview = image.kind === 'new' ? image.preview : image.kind === 'remove' ? null : saved.avatarUrl;
  const dirty = image.kind !== 'keep' || profileChanges(saved, { nickname, statusMessage }) !== null;

  const changeNickname = (value: string) => {
    setNickname(value);
    setErrors((e) => ({ ...e, nickname: nicknameError(value), form: undefined }));
  };
  const changeStatus = (value: string) => {
    setStatusMessage(value);
    setErrors((e) => ({ ...e, statusMessage: statusError(value), form: undefined }));
  };
  const chooseFile = (file: File | undefined) => {
    if (!file) return;
    const refused = imageError(file);
    setErrors((e) => ({ ...e, imageKey: refused, image: undefined }));
    if (!refused) setImage({ kind: 'new', file, preview: URL.createObjectURL(file) });
  };
  /** The browser could not show the chosen file: it is no image the server would take either. */
  const previewFailed = () => {
    setErrors((e) => ({ ...e, imageKey: 'profile.imageType', image: undefined }));
    setImage({ kind: 'keep' });
  };
  const removeImage = () => {
    setErrors((e) => ({ ...e, imageKey: undefined, image: undefined }));
    setImage(saved.avatarUrl ? { kind: 'remove' } : { kind: 'keep' });
  };

  /** Sends what changed; resolves false (errors shown) when something was refused. */
  const save = async (): Promise<boolean> => {
    const fieldErrors = { nickname: nicknameError(nickname), statusMessage: statusError(statusMessage) };
    if (fieldErrors.nickname || fieldErrors.statusMessage) {
      setErrors((e) => ({ ...e, ...fieldErrors }));
      return false;
    }
    setSaving(true);
    setErrors({});
    try {
      const body = profileChanges(saved, { nickname, statusMessage });
      if (body) onSaved(await api.update(body));
    } catch (err) {
      setErrors({ form: errorText(err) });
      setSaving(false);
      return false;
    }
    try {
      if (image.kind === 'new') onSaved(await api.uploadImage(image.file));
      else if (image.kind === 'remove') onSaved(await api.removeImage());
    } catch (err) {
      setErrors({ image: errorText(err) });
      setSaving(false);
      return false;
    }
    setSaving(false);
    onDone();
    return true;
  };

  return {
    nickname,
    statusMessage,
    image,
    preview,
    errors,
    saving,
    dirty,
    changeNickname,
    changeStatus,
    chooseFile,
    previewFailed,
    removeImage,
    save,
  };
}
