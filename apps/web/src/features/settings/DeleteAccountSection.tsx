import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../../lib/api.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Field } from '../../ui/Field.tsx';
import { ConfirmDialog } from '../chat/ConfirmDialog.tsx';
import { useDeleteAccount } from './useDeleteAccount.ts';

/** Deletes my account after the password and a confirmation dialog (ACCT-1). */
export function DeleteAccountSection({
  api,
  username,
  onDeleted,
}: {
  api: ApiClient;
  username: string;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const vm = useDeleteAccount(api, onDeleted);
  return (
    <section
      className="settings-section settings-danger"
      aria-labelledby="settings-delete-title"
      data-testid="delete-account"
    >
      <h3 id="settings-delete-title" className="settings-section__title">
        {t('settings.deleteTitle')}
      </h3>
      <p className="settings-section__hint">{t('settings.deleteHint')}</p>
      <form
        className="settings-form"
        aria-labelledby="settings-delete-title"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!vm.pending) vm.ask();
        }}
      >
        <input type="text" name="username" autoComplete="username" value={username} hidden readOnly />
        <Field
          label={t('settings.deletePassword')}
          type="password"
          name="delete-password"
          autoComplete="current-password"
          value={vm.password}
          error={vm.fieldError}
          onChange={(e) => vm.changePassword(e.target.value)}
        />
        {vm.formError ? <Alert tone="error">{vm.formError}</Alert> : null}
        <div className="settings-form__actions">
          <button
            type="submit"
            className="button button--danger"
            disabled={vm.pending}
            aria-busy={vm.pending}
          >
            {t('settings.deleteButton')}
          </button>
        </div>
      </form>
      {vm.confirming ? (
        <ConfirmDialog
          title={t('settings.deleteConfirmTitle')}
          body={t('settings.deleteConfirmBody')}
          confirmLabel={t('settings.deleteConfirm')}
          testId="delete-account-confirm"
          onConfirm={() => void vm.confirm()}
          onClose={vm.cancel}
        />
      ) : null}
    </section>
  );
}
