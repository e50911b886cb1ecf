import type { RoomSummary } from '@messenger/shared';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../ui/Alert.tsx';
import { Avatar } from '../../../ui/Avatar.tsx';
import { Dialog } from '../../../ui/Dialog.tsx';
import { Field } from '../../../ui/Field.tsx';
import { AVATAR_TYPES } from '../../profile/profileForm.ts';
import { RoomAuditLog } from './RoomAuditLog.tsx';
import { useRoomSettings } from './useRoomSettings.ts';

/** Two radio buttons: everyone or only admins. */
function Choice({
  legend,
  hint,
  name,
  value,
  onChange,
}: {
  legend: string;
  hint: string;
  name: string;
  value: 'everyone' | 'admins';
  onChange: (v: 'everyone' | 'admins') => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="room-settings__choice">
      <legend className="field__label">{legend}</legend>
      {(['everyone', 'admins'] as const).map((v) => (
        <label key={v} className="room-settings__option">
          <input
            type="radio"
            name={name}
            value={v}
            checked={value === v}
            onChange={() => onChange(v)}
            data-testid={`${name}-${v}`}
          />
          {t(`roomSettings.${v}`)}
        </label>
      ))}
      <p className="field__hint">{hint}</p>
    </fieldset>
  );
}

/**
 * A group's settings for its admins (ADM-1, ADM-2): image, name, description, who may invite and who may
 * post, and the audit log download. What is shown comes from the room as the server last announced it.
 */
export function RoomSettingsDialog({ room, onClose }: { room: RoomSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const form = useRef<HTMLFormElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const descriptionId = useId();
  const imageHintId = useId();
  const close = () => form.current?.closest('dialog')?.close();
  const vm = useRoomSettings(room, close);
  const [auditOpen, setAuditOpen] = useState(false);
  return (
    <Dialog
      title={t('roomSettings.title')}
      closeLabel={t('chat.close')}
      onClose={onClose}
      className="room-settings"
      testId="room-settings-dialog"
    >
      <form
        ref={form}
        className="dialog__body room-settings__form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!vm.saving && vm.nameValid) void vm.save();
        }}
      >
        <div className="profile-photo">
          <span className="profile-photo__preview">
            <Avatar name={room.name ?? ''} seed={room.id} size="lg" url={room.imageUrl} full />
          </span>
          <div className="profile-photo__side">
            <div className="profile-photo__buttons">
              <button
                type="button"
                className="button button--small"
                aria-describedby={imageHintId}
                disabled={vm.imageBusy}
                onClick={() => fileInput.current?.click()}
              >
                {room.imageUrl ? t('roomSettings.changeImage') : t('roomSettings.chooseImage')}
              </button>
              {room.imageUrl ? (
                <button
                  type="button"
                  className="button button--small button--danger-quiet"
                  disabled={vm.imageBusy}
                  onClick={vm.removeImage}
                >
                  {t('roomSettings.removeImage')}
                </button>
              ) : null}
            </div>
            {vm.imageError ? (
              <p id={imageHintId} className="field__error" role="alert">
                {vm.imageError}
              </p>
            ) : (
              <p id={imageHintId} className="field__hint" aria-live="polite">
                {vm.imageBusy ? t('roomSettings.imageUploading') : t('roomSettings.imageHint')}
              </p>
            )}
            <input
              ref={fileInput}
              type="file"
              accept={AVATAR_TYPES.join(',')}
              hidden
              data-testid="room-image-input"
              onChange={(e) => {
                vm.chooseImage(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
          </div>
        </div>
        <Field
          name="room-name"
          label={t('chat.roomName')}
          maxLength={50}
          value={vm.name}
          error={vm.nameValid ? undefined : t('roomSettings.nameRequired')}
          onChange={(e) => vm.setName(e.target.value)}
        />
        <div className="field">
          <label className="field__label" htmlFor={descriptionId}>
            {t('roomSettings.description')}
          </label>
          <textarea
            id={descriptionId}
            name="room-description"
            className="field__input room-settings__description"
            maxLength={500}
            rows={3}
            value={vm.description}
            onChange={(e) => vm.setDescription(e.target.value)}
          />
        </div>
        <Choice
          legend={t('roomSettings.whoInvites')}
          hint={t('roomSettings.whoInvitesHint')}
          name="invite-policy"
          value={vm.invitePolicy}
          onChange={vm.setInvitePolicy}
        />
        <Choice
          legend={t('roomSettings.whoPosts')}
          hint={t('roomSettings.whoPostsHint')}
          name="post-policy"
          value={vm.postPolicy}
          onChange={vm.setPostPolicy}
        />
        <details
          className="room-settings__audit"
          onToggle={(e) => setAuditOpen((e.currentTarget as HTMLDetailsElement).open)}
        >
          <summary data-testid="room-audit-toggle">{t('roomSettings.audit.title')}</summary>
          {auditOpen ? <RoomAuditLog roomId={room.id} /> : null}
          <a href={vm.auditCsvUrl} download className="link-button" data-testid="audit-csv">
            {t('roomSettings.auditDownload')}
          </a>
        </details>
        {vm.error ? <Alert tone="error">{vm.error}</Alert> : null}
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={close}>
            {t('chat.cancel')}
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={!vm.dirty || !vm.nameValid || vm.saving}
            aria-busy={vm.saving || undefined}
            data-testid="room-settings-save"
          >
            {t('chat.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
