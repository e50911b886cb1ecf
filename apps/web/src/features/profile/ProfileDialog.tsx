import type { Profile } from '@messenger/shared';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { translateKey } from '../../i18n/index.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Avatar } from '../../ui/Avatar.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { AVATAR_TYPES } from './profileForm.ts';
import { StatusMessageField } from './StatusMessageField.tsx';
import { useProfileDialog, type ProfileDraftSource } from './useProfileDialog.ts';

/** The text of an i18n key computed at runtime (a schema message), if any. */
function text(key: string | undefined): string | undefined {
  return key ? (translateKey(key) ?? key) : undefined;
}

export interface ProfileDialogProps {
  userId: string;
  /** My profile as saved now. */
  saved: ProfileDraftSource;
  /** A call succeeded: show its profile everywhere at once. */
  onSaved: (p: Profile) => void;
  onClose: () => void;
}

/** Edits my nickname, status message and profile image (previewed square before it is uploaded). */
export function ProfileDialog({ userId, saved, onSaved, onClose }: ProfileDialogProps) {
  const { t } = useTranslation();
  const form = useRef<HTMLFormElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const photoHintId = useId();
  // Closing through the <dialog> gives focus back to the profile menu button.
  const close = () => form.current?.closest('dialog')?.close();
  const vm = useProfileDialog(saved, onSaved, close);
  // After the dialog has opened (showModal focuses the close button first): the nickname.
  useEffect(() => form.current?.querySelector<HTMLInputElement>('input[name="nickname"]')?.focus(), []);
  const photoError = text(vm.errors.imageKey) ?? vm.errors.image;
  return (
    <Dialog
      title={t('profile.title')}
      closeLabel={t('chat.close')}
      onClose={onClose}
      className="profile-dialog"
      testId="profile-dialog"
    >
      <form
        ref={form}
        className="dialog__body profile-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!vm.saving) void vm.save();
        }}
      >
        <div className="profile-photo">
          <span className="profile-photo__preview">
            {vm.preview ? (
              <img
                src={vm.preview}
                alt={vm.image.kind === 'new' ? t('profile.photoNewAlt') : t('profile.photoAlt')}
                className="profile-photo__img"
                data-testid="profile-photo-preview"
                onError={vm.image.kind === 'new' ? vm.previewFailed : undefined}
              />
            ) : (
              <Avatar name={vm.nickname || saved.nickname} seed={userId} size="lg" />
            )}
          </span>
          <div className="profile-photo__side">
            <div className="profile-photo__buttons">
              <button
                type="button"
                className="button button--small"
                aria-describedby={photoHintId}
                onClick={() => fileInput.current?.click()}
              >
                {vm.preview ? t('profile.changePhoto') : t('profile.choosePhoto')}
              </button>
              {vm.preview ? (
                <button
                  type="button"
                  className="button button--small button--danger-quiet"
                  onClick={vm.removeImage}
                >
                  {t('profile.removePhoto')}
                </button>
              ) : null}
            </div>
            {photoError ? (
              <p id={photoHintId} className="field__error" role="alert" data-testid="profile-photo-error">
                {photoError}
              </p>
            ) : (
              <p id={photoHintId} className="field__hint">
                {vm.image.kind === 'new'
                  ? t('profile.photoPending')
                  : vm.image.kind === 'remove'
                    ? t('profile.photoRemovePending')
                    : t('profile.photoHint')}
              </p>
            )}
            <input
              ref={fileInput}
              type="file"
              accept={AVATAR_TYPES.join(',')}
              hidden
              data-testid="profile-photo-input"
              onChange={(e) => {
                vm.chooseFile(e.target.files?.[0]);
                // The same file may be chosen again after a removal.
                e.target.value = '';
              }}
            />
          </div>
        </div>
        <Field
          name="nickname"
          label={t('auth.nickname')}
          hint={t('profile.nicknameHint')}
          error={text(vm.errors.nickname)}
          value={vm.nickname}
          autoComplete="nickname"
          onChange={(e) => vm.changeNickname(e.target.value)}
        />
        <StatusMessageField
          error={text(vm.errors.statusMessage)}
          value={vm.statusMessage}
          onChange={(e) => vm.changeStatus(e.target.value)}
        />
        {vm.errors.form ? <Alert tone="error">{vm.errors.form}</Alert> : null}
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={close}>
            {t('chat.cancel')}
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={!vm.dirty || vm.saving}
            aria-busy={vm.saving || undefined}
          >
            {vm.saving ? t('profile.saving') : t('chat.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
