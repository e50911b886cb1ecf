import type { AdminCreateUserBody } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../ui/Alert.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { useCreateUserForm } from './useCreateUserForm.ts';

export interface CreateUserDialogProps {
  /** Sends the account; throws (shown in the form) when the server refuses it. */
  onCreate: (body: AdminCreateUserBody) => Promise<void>;
  onClose: () => void;
}

/** Server admins add a local account (ACCT-7): username, optional name and first password. */
export function CreateUserDialog({ onCreate, onClose }: CreateUserDialogProps) {
  const { t } = useTranslation();
  const form = useCreateUserForm(onCreate);
  return (
    <Dialog
      title={t('people.createTitle')}
      closeLabel={t('chat.close')}
      onClose={onClose}
      className="people-dialog"
      testId="create-user"
    >
      <form className="dialog__body settings-form" {...form.formProps}>
        <p className="settings-section__hint">{t('people.createHint')}</p>
        <Field
          label={t('people.username')}
          hint={t('auth.usernameHint')}
          autoComplete="off"
          autoFocus
          {...form.field('username')}
        />
        <Field
          label={t('people.nickname')}
          hint={t('people.nicknameHint')}
          autoComplete="off"
          {...form.field('nickname')}
        />
        <Field
          label={t('people.password')}
          hint={t('people.passwordHint')}
          type="password"
          autoComplete="new-password"
          {...form.field('password')}
        />
        {form.formError ? <Alert tone="error">{form.formError}</Alert> : null}
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('people.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={form.pending}>
            {t('people.createSubmit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
